// The Lua scripts behind the shared limits (redis-limits.ts). Each runs atomically in Redis, so replicas never
// interleave between a check and its count. Money is in integer nano-dollars (HINCRBY), never floats: sums of
// many small float amounts drift, and an exact integer compares exactly with the budget. Times are milliseconds.

/**
 * Admissions of one key and budget window, in one round trip for however many arrived together: each in turn
 * as the memory version does it, the budget hold first, then the tokens and requests per minute (GCRA, as
 * rate-limits.ts), and only when all pass, both are counted. Requests of one key that reach a replica in the
 * same event-loop turn share the call, so a busy key costs one script call per turn, not one per request.
 * KEYS: rate hash, budget hash (`spent`, `reserved`, `h:<hold id>` → nanos), holds by expiry (sorted set).
 * ARGV: window, budget keys expire at; then per admission 7 values: now, rpm (0: none), tpm (0: none), hold
 * nanos (-1: no budget), budget nanos, hold id, hold expires at.
 * Returns {'seed'} (the window's spend is not counted yet; nothing was done), or one reply per admission, in
 * order: {'ok'} | {'budget', spent, reserved} | {'tpm', ms} | {'rpm', ms}.
 */
export const admitScript = `
local window = tonumber(ARGV[1])
local count = (#ARGV - 2) / 7
for i = 0, count - 1 do
  if tonumber(ARGV[3 + i * 7 + 3]) >= 0 and not redis.call('HGET', KEYS[2], 'spent') then return {'seed'} end
end
local function admit(now, rpm, tpm, hold, budget, holdId, holdExpiresAt)
  if hold >= 0 then
    -- holds of requests that never settled (their replica died) are given back when they expire
    local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 100)
    for _, id in ipairs(expired) do
      local amount = tonumber(redis.call('HGET', KEYS[2], 'h:' .. id))
      if amount then
        redis.call('HINCRBY', KEYS[2], 'reserved', string.format('%d', -amount))
        redis.call('HSET', KEYS[2], 'h:' .. id, 'expired')
      end
      redis.call('ZREM', KEYS[3], id)
    end
    local spent = redis.call('HGET', KEYS[2], 'spent')
    local reserved = redis.call('HGET', KEYS[2], 'reserved') or '0'
    if tonumber(spent) + tonumber(reserved) + hold > budget then
      return {'budget', spent, reserved}
    end
  end
  local requestsFreeAt = 0
  local tokensFreeAt = 0
  if rpm > 0 or tpm > 0 then
    local rates = redis.call('HMGET', KEYS[1], 'r', 't')
    requestsFreeAt = tonumber(rates[1]) or 0
    tokensFreeAt = tonumber(rates[2]) or 0
  end
  if tpm > 0 and tokensFreeAt - now >= window then
    return {'tpm', tostring(tokensFreeAt - window - now + 1)}
  end
  if rpm > 0 then
    local freeAt = math.max(requestsFreeAt, now) + window / rpm
    if freeAt - now > window then return {'rpm', tostring(freeAt - window - now)} end
    redis.call('HSET', KEYS[1], 'r', string.format('%.17g', freeAt))
    -- once every slot is free again the key's state is as good as none
    redis.call('PEXPIREAT', KEYS[1], string.format('%d', math.ceil(math.max(freeAt, tokensFreeAt)) + 1000))
  end
  if hold >= 0 then
    local nanos = string.format('%d', hold)
    redis.call('HINCRBY', KEYS[2], 'reserved', nanos)
    redis.call('HSET', KEYS[2], 'h:' .. holdId, nanos)
    redis.call('ZADD', KEYS[3], holdExpiresAt, holdId)
  end
  return {'ok'}
end
local replies = {}
local held = false
for i = 0, count - 1 do
  local at = 3 + i * 7
  local hold = tonumber(ARGV[at + 3])
  local reply = admit(tonumber(ARGV[at]), tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), hold,
    tonumber(ARGV[at + 4]), ARGV[at + 5], ARGV[at + 6])
  if hold >= 0 and reply[1] == 'ok' then held = true end
  replies[i + 1] = reply
end
if held then
  redis.call('PEXPIREAT', KEYS[2], ARGV[2])
  redis.call('PEXPIREAT', KEYS[3], ARGV[2])
end
return replies
`;

/**
 * The window's spend so far, from the store's traces, set once for all replicas (HSETNX): a second replica's
 * seed is ignored, so nothing is counted twice. KEYS: budget hash. ARGV: spent nanos, expires at.
 */
export const seedScript = `
if redis.call('HSETNX', KEYS[1], 'spent', ARGV[1]) == 1 then
  redis.call('PEXPIREAT', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

/**
 * Settles holds of one budget window, however many finished together: each gives its hold back and adds its real
 * cost. Settling the same hold twice counts it once (the hold is gone the second time); a hold that expired
 * meanwhile still adds its cost. With no hold id (let in while Redis was down, budgets open), only adds the cost.
 * Nothing is counted into a window whose spend is not seeded: the seed, read from the traces later, will hold it.
 * KEYS: budget hash, holds by expiry. ARGV: per settlement, hold id ('' for none) and cost nanos.
 */
export const settleScript = `
if redis.call('HEXISTS', KEYS[1], 'spent') == 0 then return 0 end
local settled = 0
for i = 1, #ARGV, 2 do
  local holdId = ARGV[i]
  local cost = tonumber(ARGV[i + 1])
  local counts = true
  if holdId ~= '' then
    local field = 'h:' .. holdId
    local held = redis.call('HGET', KEYS[1], field)
    if not held then
      counts = false
    else
      local amount = tonumber(held)
      if amount then redis.call('HINCRBY', KEYS[1], 'reserved', string.format('%d', -amount)) end
      redis.call('HDEL', KEYS[1], field)
      redis.call('ZREM', KEYS[2], holdId)
    end
  end
  if counts then
    if cost > 0 then redis.call('HINCRBY', KEYS[1], 'spent', ARGV[i + 1]) end
    settled = settled + 1
  end
end
return settled
`;

/** Counts a call's tokens against the key's tokens per minute. KEYS: rate hash. ARGV: now, window, tpm, tokens. */
export const chargeScript = `
local now = tonumber(ARGV[1])
local rates = redis.call('HMGET', KEYS[1], 'r', 't')
local requestsFreeAt = tonumber(rates[1]) or 0
local tokensFreeAt = math.max(tonumber(rates[2]) or 0, now) + tonumber(ARGV[4]) * tonumber(ARGV[2]) / tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 't', string.format('%.17g', tokensFreeAt))
redis.call('PEXPIREAT', KEYS[1], string.format('%d', math.ceil(math.max(requestsFreeAt, tokensFreeAt)) + 1000))
return 1
`;
