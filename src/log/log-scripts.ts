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
 *
 * The stream gets the entry in its compact form, without the text (src/log/stream-entries.ts): the
 * record keeps the current text, and when a post's text changes the one it replaces moves to the
 * post's texts hash, so every text any entry names is kept exactly once.
 *
 * The record also carries the post's timeline (`tl`: its stream ids, oldest first), so a post
 * costs one key less; a record from before that (timeline in a list of its own) takes the list in
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
 * write). A post's channel, platform, language, news and kind do not change; should one ever, an
 * undeclared old index keeps the post as a stale member (queries check every record's own fields).
 *
 * KEYS: 1 record, 2 stream, 3 the post's timeline list (before `tl`), 4 the post's hash (claim
 *       mark; an earlier layout's payload), 5 the post's lease, 6 the post's earlier texts, 7..12 the index of each of
 *       the entry's values (INDEX_DIMENSIONS order), 13.. index keys of values the post may have had
 * ARGV: 1 index key prefix (names an old value's index, used only when declared in KEYS), 2 mode
 *       (`check` | `append`), 3 allowed current states joined by "," (`~` = the post has no record
 *       yet), 4 stream id (`*` or an explicit id for imports), 5 entry JSON, 6 `at` in ms (index
 *       score), 7 post id, 8 `at` ISO (createdAt of a new record), 9..14 channel, platform,
 *       language, news id, kind, state (the index values, INDEX_DIMENSIONS order),
 *       15 claim mark field, 16 claim mark value (`` = none), 17 lease token (`` = no guard),
 *       18 lease time to live in ms after the write, 19 the post hash's field of an earlier
 *       layout's payload (removed when a new payload comes), 20 the post's packed payload
 *       (`` = none: the record's payload stays), 21 the entry's compact stream JSON, 22 the
 *       entry's text hash
 * Returns {1, record JSON, previous claim mark or false} when written, {0, current record JSON or nil}
 * when the state did not match, {-1, current record JSON or nil} when the lease is not held.
 */
export const WRITE_ENTRY_LUA = `
local current = redis.call('GET', KEYS[1])
local old = false
if current then old = cjson.decode(current) end

if ARGV[17] ~= '' and redis.call('GET', KEYS[5]) ~= ARGV[17] then return {-1, current} end

if ARGV[2] == 'check' then
  local state = '~'
  if old then state = old.entry.state end
  local allowed = false
  for s in string.gmatch(ARGV[3], '[^,]+') do
    if s == state then allowed = true break end
  end
  if not allowed then return {0, current} end
end

local id = redis.call('XADD', KEYS[2], ARGV[4], 'c', ARGV[21])
if old and old.entry.textHash ~= ARGV[22] and type(old.entry.text) == 'string' then
  redis.call('HSETNX', KEYS[6], old.entry.textHash, old.entry.text)
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
if old and old.createdAt then createdAt = old.createdAt end
local payload = ''
if ARGV[20] ~= '' then
  payload = ',"p":' .. cjson.encode(ARGV[20])
  redis.call('HDEL', KEYS[4], ARGV[19])
elseif old and type(old.p) == 'string' then
  payload = ',"p":' .. cjson.encode(old.p)
  local px = old.px
  if type(px) ~= 'string' and old.entry.textHash ~= ARGV[22] then px = old.entry.text end
  if type(px) == 'string' then payload = payload .. ',"px":' .. cjson.encode(px) end
end
local record = '{"createdAt":' .. cjson.encode(createdAt) .. ',"logId":"' .. id .. '","tl":"' .. tl ..
  '","entry":' .. ARGV[5] .. payload .. '}'
redis.call('SET', KEYS[1], record)

local declared = {}
for k = 13, #KEYS do declared[KEYS[k]] = true end
local fields = {'channel', 'platform', 'language', 'newsId', 'kind', 'state'}
local dims = {'channel', 'platform', 'language', 'news', 'kind', 'state'}
for i = 1, 6 do
  if old then
    local previous = old.entry[fields[i]]
    if type(previous) == 'string' and previous ~= ARGV[8 + i] then
      local oldKey = ARGV[1] .. dims[i] .. ':' .. previous
      if declared[oldKey] then redis.call('ZREM', oldKey, ARGV[7]) end
    end
  end
  redis.call('ZADD', KEYS[6 + i], ARGV[6], ARGV[7])
end

local mark = false
if ARGV[16] ~= '' then
  mark = redis.call('HGET', KEYS[4], ARGV[15])
  if not mark then redis.call('HSET', KEYS[4], ARGV[15], ARGV[16]) end
end
if ARGV[17] ~= '' then redis.call('PEXPIRE', KEYS[5], ARGV[18]) end
return {1, record, mark}
`;

/** Name under which the script is defined on an ioredis client (EVALSHA with EVAL fallback). */
export const WRITE_ENTRY_COMMAND = 'seconLogWriteEntry';
