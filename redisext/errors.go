package redisext

// Error replies, worded as Redis 7.0 words them (without the leading '-').
const (
	ErrWrongType    = "WRONGTYPE Operation against a key holding the wrong kind of value"
	ErrNotInteger   = "ERR value is not an integer or out of range"
	ErrNotFloat     = "ERR value is not a valid float"
	ErrSyntax       = "ERR syntax error"
	ErrNoSuchKey    = "ERR no such key"
	ErrOverflow     = "ERR increment or decrement would overflow"
	ErrOOM          = "OOM command not allowed when used memory > 'maxmemory'."
	ErrNoAuth       = "NOAUTH Authentication required."
	ErrWrongPass    = "WRONGPASS invalid username-password pair or user is disabled."
	ErrDBIndex      = "ERR DB index is out of range"
	ErrInvalidDB    = "ERR invalid DB index"
	ErrExpireTime   = "ERR invalid expire time in '%s' command"
	ErrTooLarge     = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
	ErrExecAbort    = "EXECABORT Transaction discarded because of previous errors."
	ErrNestedMulti  = "ERR MULTI calls can not be nested"
	ErrExecNoMulti  = "ERR EXEC without MULTI"
	ErrDiscardNoMul = "ERR DISCARD without MULTI"
	ErrWatchInMulti = "ERR WATCH inside MULTI is not allowed"
	ErrNoMulti      = "ERR Command not allowed inside a transaction"
)
