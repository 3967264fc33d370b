package redisext

var genericCommands = []*Command{}
