package redisext

// zsetCommands are the ZSet commands (Redis's "sorted-set" group).
var zsetCommands = []*Command{}
