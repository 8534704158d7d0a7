/**
 * The one Lua script every write to the log goes through. Redis runs a script atomically, so the
 * check of the current state, the XADD, the record and every index change as one step: two workers
 * racing to move a post to `publishing` cannot both see `scheduled` — exactly one wins, the other
 * writes nothing. That is what keeps a retry or a second worker from publishing twice.
 *
 * Every key the script touches arrives in KEYS (Redis Cluster routes a script by its keys; the
 * key map puts them all in one slot). An index key of a value the post had before is only known
 * once the script has read the record, so the caller declares the ones it can: the index of every
 * state (a state changes at nearly every write) and of the entry's own values. A post's channel,
 * platform, language, news and kind do not change; should one ever, the old index keeps the post
 * as a stale member (queries check every record's own fields, so they never show it).
 *
 * KEYS: 1 record, 2 stream, 3 timeline list, 4 index of all posts, 5..10 the index of each of the
 *       entry's values (channel, platform, language, news id, kind, state: INDEX_DIMENSIONS order),
 *       11.. index keys of values the post may have had (declared so the script may remove it there)
 * ARGV: 1 index key prefix (to name the old value's key, looked up among KEYS, never used unless
 *       declared), 2 mode (`check` | `append`), 3 allowed current states joined by ","
 *       (`~` = the post has no record yet), 4 stream id (`*` or an explicit id for imports),
 *       5 entry JSON, 6 `at` in ms (index score), 7 post id, 8 `at` ISO (createdAt of a new record),
 *       9..14 channel, platform, language, news id, kind, state (the index values, INDEX_DIMENSIONS order)
 * Returns {1, record JSON} when written, {0, current record JSON or nil} when the state did not match.
 */
export const WRITE_ENTRY_LUA = `
local current = redis.call('GET', KEYS[1])
local old = false
if current then old = cjson.decode(current) end

if ARGV[2] == 'check' then
  local state = '~'
  if old then state = old.entry.state end
  local allowed = false
  for s in string.gmatch(ARGV[3], '[^,]+') do
    if s == state then allowed = true break end
  end
  if not allowed then return {0, current} end
end

local id = redis.call('XADD', KEYS[2], ARGV[4], 'e', ARGV[5])
redis.call('RPUSH', KEYS[3], id)

local createdAt = ARGV[8]
if old and old.createdAt then createdAt = old.createdAt end
local record = '{"createdAt":' .. cjson.encode(createdAt) .. ',"logId":"' .. id .. '","entry":' .. ARGV[5] .. '}'
redis.call('SET', KEYS[1], record)

local declared = {}
for k = 11, #KEYS do declared[KEYS[k]] = true end
local dims = {'channel', 'platform', 'language', 'news', 'kind', 'state'}
local fields = {'channel', 'platform', 'language', 'newsId', 'kind', 'state'}
for i = 1, 6 do
  local value = ARGV[8 + i]
  if old then
    local previous = old.entry[fields[i]]
    if type(previous) == 'string' and previous ~= value then
      local oldKey = ARGV[1] .. dims[i] .. ':' .. previous
      if declared[oldKey] then redis.call('ZREM', oldKey, ARGV[7]) end
    end
  end
  redis.call('ZADD', KEYS[4 + i], ARGV[6], ARGV[7])
end
redis.call('ZADD', KEYS[4], ARGV[6], ARGV[7])
return {1, record}
`;

/** Name under which the script is defined on an ioredis client (EVALSHA with EVAL fallback). */
export const WRITE_ENTRY_COMMAND = 'seconLogWriteEntry';
