package redisext

// setCommands are the Set commands (Redis's "set" group).
var setCommands = []*Command{}
