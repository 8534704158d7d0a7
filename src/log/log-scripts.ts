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
 * KEYS: 1 record, 2 stream, 3 timeline list, 4 the post's hash (claim mark), 5 the post's lease,
 *       6 the post's earlier texts
 * ARGV: 1 index key prefix, 2 mode (`check` | `append`), 3 allowed current states joined by ","
 *       (`~` = the post has no record yet), 4 stream id (`*` or an explicit id for imports),
 *       5 entry JSON, 6 `at` in ms (index score), 7 post id, 8 `at` ISO (createdAt of a new record),
 *       9..14 channel, platform, language, news id, kind, state (the index values, INDEX_DIMENSIONS order),
 *       15 claim mark field, 16 claim mark value (`` = none), 17 lease token (`` = no guard),
 *       18 lease time to live in ms after the write, 19 payload field, 20 the post's payload JSON
 *       (`` = none; a new post's payload lands with its first entry), 21 the entry's compact
 *       stream JSON, 22 the entry's text hash
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
redis.call('RPUSH', KEYS[3], id)

local createdAt = ARGV[8]
if old and old.createdAt then createdAt = old.createdAt end
local record = '{"createdAt":' .. cjson.encode(createdAt) .. ',"logId":"' .. id .. '","entry":' .. ARGV[5] .. '}'
redis.call('SET', KEYS[1], record)

local dims = {'channel', 'platform', 'language', 'news', 'kind', 'state'}
local fields = {'channel', 'platform', 'language', 'newsId', 'kind', 'state'}
for i = 1, 6 do
  local value = ARGV[8 + i]
  if old then
    local previous = old.entry[fields[i]]
    if type(previous) == 'string' and previous ~= value then
      redis.call('ZREM', ARGV[1] .. dims[i] .. ':' .. previous, ARGV[7])
    end
  end
  redis.call('ZADD', ARGV[1] .. dims[i] .. ':' .. value, ARGV[6], ARGV[7])
end
redis.call('ZADD', ARGV[1] .. 'all', ARGV[6], ARGV[7])

if ARGV[20] ~= '' then redis.call('HSET', KEYS[4], ARGV[19], ARGV[20]) end
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
