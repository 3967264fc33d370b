//go:build !race

package redisext

const psRace = false
