package yaegifix

import (
	"reflect"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// DropRoots releases the syntax trees yaegi v0.16.1 appends to an unexported
// list (Interpreter.roots) on every compilation and reads only from its
// debugger, which the engine never starts. Without this a session retains
// about 11 KB per executed cell (110 MB after 10,000 cells); with it, the
// trees of statements become garbage once run, while declarations stay
// reachable through the interpreter's scopes as they must. If a yaegi
// version renames the field, this does nothing.
func DropRoots(it *interp.Interpreter) {
	f := reflect.ValueOf(it).Elem().FieldByName("roots")
	if !f.IsValid() || f.Kind() != reflect.Slice || !f.CanAddr() {
		return
	}
	reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().SetZero()
}
