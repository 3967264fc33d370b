package redisext

// hashCommands are the Hash commands (Redis's "hash" group).
var hashCommands = []*Command{}
