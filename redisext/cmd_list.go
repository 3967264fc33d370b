package redisext

// listCommands are the List commands (Redis's "list" group).
var listCommands = []*Command{}
