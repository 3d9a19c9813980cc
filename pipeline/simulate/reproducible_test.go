package simulate

import (
	"reflect"
	"testing"
)

// The sample is committed and compared byte for byte, so the planted
// personas must not depend on map iteration order: many calls, one value.
func TestDefaultConfigIsBitReproducible(t *testing.T) {
	first := DefaultConfig()
	for i := 0; i < 50; i++ {
		if again := DefaultConfig(); !reflect.DeepEqual(first.Personas, again.Personas) {
			t.Fatalf("call %d: DefaultConfig's personas differ from the first call's", i+2)
		}
	}
}
