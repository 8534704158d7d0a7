import { SHORT_NAMES } from './entry-field-names.ts';
import { DIMENSION_FIELD, INDEX_DIMENSIONS } from './index-dimensions.ts';

/**
 * The one Lua script every write to the log goes through. Redis runs a script atomically, so the
 * check of the current state, the XADD, the record and every index change as one step: two workers
 * racing to move a post to `publishing` cannot both see `scheduled` — exactly one wins, the other
 * writes nothing. That is what keeps a retry or a second worker from publishing twice.
 *
 * The publisher's claim folds two more steps into the same call, to save round trips on the publish
 * path without opening a gap between them: the lease guard (write only while the attempt's lease
 * holds this token, then extend the lease to cover the platform call) and the claim mark (HSETNX
 * on the post's hash, returning the mark found: an earlier attempt may have reached the platform).
 * And the attempt's last write, `published`, releases its lease (when the lease still holds its
 * token) in the same step: the post is final by then, so no other attempt could act on it anyway.
 *
 * The stream gets the entry in its compact form, without the text (src/log/stream-entries.ts): the
 * record keeps the current text, and when a post's text changes the one it replaces moves to the
 * post's texts hash, so every text any entry names is kept exactly once.
 *
 * The record (src/log/stored-record.ts) holds the current entry with short field names and its
 * text, and the post's timeline (`tl`: its stream ids, oldest first, the last one the record's
 * own), so a post costs one key less; a record from before that (timeline in a list of its own) takes the list in
 * at its next write and the list goes.
 *
 * And the post's payload (`p`, src/log/record-payload.ts: what the worker sends, without the
 * identity and text the entry holds): written with a new post's first entry and with every change
 * of its text or time, carried as it is by every other write. A new payload replaces the copy
 * that posts planned before kept in their hash (HDEL). When an entry changes the text and brings
 * no payload, the text the payload was planned with stays in `px`, so the payload never takes on
 * a text it was not planned with.
 *
 * Every key the script touches arrives in KEYS (Redis Cluster routes a script by its keys). An
 * index key of a value the post had before is only known once the script has read the record, so
 * the caller declares the ones it can: the index of every state (a state changes at nearly every
 * write). A post's channel and news do not change; should one ever, an undeclared old
 * index keeps the post as a stale member (queries check every record's own fields).
 *
 * With n = INDEX_DIMENSIONS.length (src/log/index-dimensions.ts; the script is built from it):
 * KEYS: 1 record, 2 stream, 3 the post's timeline list (before `tl`), 4 the post's hash (claim
 *       mark; an earlier layout's payload), 5 the post's lease, 6 the post's earlier texts,
 *       7..6+n the index of each of the entry's values (INDEX_DIMENSIONS order), 7+n.. index keys
 *       of values the post may have had
 * ARGV: 1 index key prefix (names an old value's index, used only when declared in KEYS), 2 mode
 *       (`check` | `append`), 3 allowed current states joined by "," (`~` = the post has no record
 *       yet), 4 stream id (`*` or an explicit id for imports), 5 the entry as the record holds it
 *       (stored-record.ts), 6 `at` in ms (index
 *       score), 7 post id, 8 `at` ISO (createdAt of a new record), 9..8+n the index values
 *       (INDEX_DIMENSIONS order); then, from a = 8+n: a+1 claim mark field, a+2 claim mark value
 *       (`` = none), a+3 lease token (`` = no guard), a+4 lease time to live in ms after the
 *       write, a+5 the post hash's field of an earlier layout's payload (removed when a new
 *       payload comes), a+6 the post's packed payload (`` = none: the record's payload stays),
 *       a+7 the entry's compact stream JSON, a+8 the entry's text hash, a+9 a lease token to
 *       release once written (`` = none: the lease is left as it is), a+10 the facts the entry
 *       sets (src/log/post-facts.ts: JSON, `false` removes one; `` = none)
 * Returns {1, record JSON, previous claim mark or false} when written, {0, current record JSON or nil}
 * when the state did not match, {-1, current record JSON or nil} when the lease is not held.
 */
export const WRITE_ENTRY_LUA = `
local dims = ${luaList(INDEX_DIMENSIONS)}
local fields = ${luaList(INDEX_DIMENSIONS.map((dim) => DIMENSION_FIELD[dim]))}
local n = #dims
local a = 8 + n
local claimField, claimMark = ARGV[a + 1], ARGV[a + 2]
local leaseToken, leaseTtl = ARGV[a + 3], ARGV[a + 4]
local earlierPayloadField, payloadArg = ARGV[a + 5], ARGV[a + 6]
local compact, textHash = ARGV[a + 7], ARGV[a + 8]
local releaseToken = ARGV[a + 9]
local factsUpdate = ARGV[a + 10]

-- A field of a stored entry: short name (stored-record.ts), or full name (records written before).
local short = ${luaMap(SHORT_NAMES)}
local function get(e, long)
  local v = e[short[long]]
  if v == nil then v = e[long] end
  return v
end

local current = redis.call('GET', KEYS[1])
local old = false
local oe = false
if current then
  old = cjson.decode(current)
  oe = old.e or old.entry
end

if leaseToken ~= '' and redis.call('GET', KEYS[5]) ~= leaseToken then return {-1, current} end

if ARGV[2] == 'check' then
  local state = '~'
  if old then state = get(oe, 'state') end
  local allowed = false
  for s in string.gmatch(ARGV[3], '[^,]+') do
    if s == state then allowed = true break end
  end
  if not allowed then return {0, current} end
end

local id = redis.call('XADD', KEYS[2], ARGV[4], 'c', compact)
if old and get(oe, 'textHash') ~= textHash and type(get(oe, 'text')) == 'string' then
  redis.call('HSETNX', KEYS[6], get(oe, 'textHash'), get(oe, 'text'))
end

local tl = id
if old then
  if type(old.tl) == 'string' then
    tl = old.tl .. ',' .. id
  else
    local ids = redis.call('LRANGE', KEYS[3], 0, -1)
    if #ids > 0 then
      tl = table.concat(ids, ',') .. ',' .. id
      redis.call('DEL', KEYS[3])
    end
  end
end

local createdAt = ARGV[8]
if old then createdAt = old.c or old.createdAt or createdAt end
local payload = ''
if payloadArg ~= '' then
  payload = ',"p":' .. cjson.encode(payloadArg)
  if old then redis.call('HDEL', KEYS[4], earlierPayloadField) end
elseif old and type(old.p) == 'string' then
  payload = ',"p":' .. cjson.encode(old.p)
  local px = old.px
  if type(px) ~= 'string' and get(oe, 'textHash') ~= textHash then px = get(oe, 'text') end
  if type(px) == 'string' then payload = payload .. ',"px":' .. cjson.encode(px) end
end
-- The post's facts (post-facts.ts) outlive the entries retention trims: kept on the record, updated
-- here with the entry that changes them, so no crash can leave one without the other. A record
-- from before they were kept is marked (o) so that readers read its timeline as well. Every record
-- written here has h, if only {}: without it a new record could not be told from an old one.
local facts = {}
if old then
  facts = old.h
  if type(facts) ~= 'table' then facts = {o = 1} end
end
if factsUpdate ~= '' then
  for k, v in pairs(cjson.decode(factsUpdate)) do
    if v == false then facts[k] = nil else facts[k] = v end
  end
end
local record = '{"c":' .. cjson.encode(createdAt) .. ',"tl":"' .. tl .. '","e":' .. ARGV[5] .. payload ..
  ',"h":' .. cjson.encode(facts) .. '}'
redis.call('SET', KEYS[1], record)

local declared = {}
for k = 7 + n, #KEYS do declared[KEYS[k]] = true end
for i = 1, n do
  if old then
    local previous = get(oe, fields[i])
    if type(previous) == 'string' and previous ~= ARGV[8 + i] then
      local oldKey = ARGV[1] .. dims[i] .. ':' .. previous
      if declared[oldKey] then redis.call('ZREM', oldKey, ARGV[7]) end
    end
  end
  redis.call('ZADD', KEYS[6 + i], ARGV[6], ARGV[7])
end

local mark = false
if claimMark ~= '' then
  mark = redis.call('HGET', KEYS[4], claimField)
  if not mark then redis.call('HSET', KEYS[4], claimField, claimMark) end
end
if leaseToken ~= '' then redis.call('PEXPIRE', KEYS[5], leaseTtl) end
if releaseToken ~= '' and redis.call('GET', KEYS[5]) == releaseToken then redis.call('DEL', KEYS[5]) end
return {1, record, mark}
`;

/** A Lua table literal of plain names (the index dimensions and their fields: letters only). */
function luaList(names: readonly string[]): string {
  return `{${names.map((name) => `'${name}'`).join(', ')}}`;
}

/** A Lua table literal mapping plain names to plain names (the entry fields' short names). */
function luaMap(map: Readonly<Record<string, string>>): string {
  return `{${Object.entries(map)
    .map(([key, value]) => `${key} = '${value}'`)
    .join(', ')}}`;
}

/** Name under which the script is defined on an ioredis client (EVALSHA with EVAL fallback). */
export const WRITE_ENTRY_COMMAND = 'seconLogWriteEntry';
