package remote

import "time"

// SetSleep makes c record its retry waits through f instead of sleeping.
func SetSleep(c *Client, f func(time.Duration)) { c.sleep = f }
