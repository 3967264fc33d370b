package redisext

var serverCommands = []*Command{}
