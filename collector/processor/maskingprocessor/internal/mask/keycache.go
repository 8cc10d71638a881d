package mask

import (
	"sync"
	"sync/atomic"
)

// keyCache holds the keys met so far: read without a lock from an immutable
// table; a key not there yet goes into a small table under a lock, which is
// folded into a new immutable table every few keys. Bounded: when the table
// would pass maxCachedKeys it starts over (some clients put data into keys).
type keyCache struct {
	read  atomic.Pointer[map[keyCacheKey]*keyInfo]
	mu    sync.Mutex
	dirty map[keyCacheKey]*keyInfo
}

type keyCacheKey struct {
	parent    string
	hasParent bool
	key       string
}

// While the table is small every new key is folded in at once; a large one
// (keys with data in them) is rebuilt every foldEvery keys.
const (
	foldEvery      = 16
	foldAtOnceUpTo = 512
)

func (c *keyCache) get(k keyCacheKey) (*keyInfo, bool) {
	if read := c.read.Load(); read != nil {
		if info, ok := (*read)[k]; ok {
			return info, true
		}
	}
	c.mu.Lock()
	info, ok := c.dirty[k]
	c.mu.Unlock()
	return info, ok
}

func (c *keyCache) put(k keyCacheKey, info *keyInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dirty == nil {
		c.dirty = map[keyCacheKey]*keyInfo{}
	}
	c.dirty[k] = info
	old := c.read.Load()
	if len(c.dirty) < foldEvery && old != nil && len(*old) >= foldAtOnceUpTo {
		return
	}
	n := len(c.dirty)
	if old != nil && len(*old)+n <= maxCachedKeys {
		n += len(*old)
	} else {
		old = nil
	}
	next := make(map[keyCacheKey]*keyInfo, n)
	if old != nil {
		for k, v := range *old {
			next[k] = v
		}
	}
	for k, v := range c.dirty {
		next[k] = v
	}
	c.read.Store(&next)
	c.dirty = nil
}

// size: the keys held (for tests).
func (c *keyCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.dirty)
	if read := c.read.Load(); read != nil {
		n += len(*read)
	}
	return n
}
