package redisext

// blockingCommands are the commands that wait for a key (BLPOP, BRPOP,
// BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP).
var blockingCommands = []*Command{}
