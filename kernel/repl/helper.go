package repl

import (
	"fmt"
	"path"
	"reflect"

	"github.com/traefik/yaegi/interp"

	"github.com/specstress/specstress/kernel/display"
	"github.com/specstress/specstress/kernel/engine"
	"github.com/specstress/specstress/stdlib"
)

// helperPath is the import path of the compiled helper package every session
// imports as helperPkg; cell rewrites call into it.
const helperPath = "github.com/specstress/specstress/kernel/repl/session"

// helper holds the compiled functions rewritten cells call. One exists per
// engine, bound to its router and result slot.
type helper struct {
	e    *Engine
	kept keeper // values of top-level := handed over by Keep (toplevel.go)
	// static holds the static types of fmt operands (statictext.go).
	static staticTypes
}

// exports returns the helper package and the MapTypes entry that makes yaegi
// keep the display methods of interpreted values passed to Show.
func (h *helper) exports() interp.Exports {
	show := reflect.ValueOf(h.show)
	// yaegi finds a MapTypes entry by the identity of the exported Value:
	// each func value is made once and used in both places.
	wrapped := map[string]reflect.Value{
		"FmtPrintf": reflect.ValueOf(h.fmtPrintf), "FmtSprintf": reflect.ValueOf(h.fmtSprintf),
		"FmtFprintf": reflect.ValueOf(h.fmtFprintf), "FmtPrintln": reflect.ValueOf(h.fmtPrintln),
		"FmtPrint": reflect.ValueOf(h.fmtPrint), "FmtSprintln": reflect.ValueOf(h.fmtSprintln),
		"FmtSprint": reflect.ValueOf(h.fmtSprint), "FmtFprintln": reflect.ValueOf(h.fmtFprintln),
		"FmtFprint": reflect.ValueOf(h.fmtFprint), "Typed": reflect.ValueOf(h.typed),
	}
	pkg := map[string]reflect.Value{
		"Show":       show,
		"Go":         reflect.ValueOf(h.goCall),
		"GoSlice":    reflect.ValueOf(h.goSlice),
		"Enter":      reflect.ValueOf(h.enter),
		"Defer":      reflect.ValueOf(h.deferCall),
		"DeferSlice": reflect.ValueOf(h.deferSlice),
		"Keep":       reflect.ValueOf(h.kept.keep),
		"Take":       reflect.ValueOf(h.kept.take),

		"SlicesEqual":   reflect.ValueOf(slicesEqual),
		"SlicesCompare": reflect.ValueOf(slicesCompare),
		// errors.As's target must reach the helper as the pointer it is.
		"ErrorsAs":          reflect.ValueOf(h.errorsAs),
		"MapsCloneInto":     reflect.ValueOf(mapsCloneInto),
		"MapsCopy":          reflect.ValueOf(mapsCopy),
		"MapsEqual":         reflect.ValueOf(mapsEqual),
		"JSONMarshal":       reflect.ValueOf(h.jsonMarshal),
		"JSONMarshalIndent": reflect.ValueOf(h.jsonMarshalIndent),
		"TypeName":          reflect.ValueOf(h.typeNameOf),
		"StaticType":        reflect.ValueOf(staticType),
	}
	mt := map[reflect.Value][]reflect.Type{show: wrappable()}
	ifaces := []reflect.Type{reflect.TypeOf((*error)(nil)).Elem(), reflect.TypeOf((*fmt.Stringer)(nil)).Elem()}
	for name, v := range wrapped {
		pkg[name] = v
		mt[v] = ifaces
	}
	return interp.Exports{
		helperPath + "/" + path.Base(helperPath): pkg,
		".":                                      {"MapTypes": reflect.ValueOf(mt)},
	}
}

// wrappable lists display.RichTypes for which yaegi has an interface wrapper
// in the tables; yaegi crashes on a MapTypes interface without one.
func wrappable() []reflect.Type {
	var out []reflect.Type
	for _, t := range display.RichTypes() {
		if t.PkgPath() == "" { // error: yaegi's built-in wrapper
			out = append(out, t)
			continue
		}
		if _, ok := stdlib.Table(t.PkgPath())["_"+t.Name()]; ok {
			out = append(out, t)
		}
	}
	return out
}

// enter registers the goroutine running a cell's statements.
func (h *helper) enter(seq int) { h.e.router.enter(seq) }

// deferCall queues f(args...) to run when the running cell ends.
func (h *helper) deferCall(f any, args ...any) {
	h.e.addDeferred(func() { call(f, args, false) })
}

// deferSlice is deferCall for a call whose last argument is spread.
func (h *helper) deferSlice(f any, args ...any) {
	h.e.addDeferred(func() { call(f, args, true) })
}

// goCall runs f(args...) in a goroutine owned by the calling cell; a panic
// in it is reported on that cell's stderr instead of killing the kernel.
func (h *helper) goCall(f any, args ...any) { h.spawn(f, args, false) }

// goSlice is goCall for a call whose last argument is spread (f(xs...)).
func (h *helper) goSlice(f any, args ...any) { h.spawn(f, args, true) }

func (h *helper) spawn(f any, args []any, spread bool) {
	seq := h.e.router.owner()
	attach, done := h.e.router.spawn(seq)
	go func() {
		gid := attach()
		defer done(gid)
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			msg := fmt.Sprintf("panic in a goroutine started by the cell: %v\n", r)
			for _, l := range frames(h.e.router.takePanics(gid), seq) {
				msg += l + "\n"
			}
			if out := h.e.router.output(seq); out != nil {
				out.Stream("stderr", msg)
			}
		}()
		call(f, args, spread)
	}()
}

// call calls the function f with args, converting nil arguments to the zero
// value of their parameter.
func call(f any, args []any, spread bool) {
	fv := reflect.ValueOf(f)
	if fv.Kind() != reflect.Func {
		panic(fmt.Sprintf("go statement: %T is not a function", f))
	}
	ft := fv.Type()
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		var pt reflect.Type
		switch {
		case ft.IsVariadic() && i >= ft.NumIn()-1 && !spread:
			pt = ft.In(ft.NumIn() - 1).Elem()
		case i < ft.NumIn():
			pt = ft.In(i)
		default:
			panic(fmt.Sprintf("go statement: too many arguments for %s", ft))
		}
		if a == nil {
			in[i] = reflect.Zero(pt)
			continue
		}
		v := reflect.ValueOf(a)
		if v.Type() != pt && v.Type().ConvertibleTo(pt) && pt.Kind() != reflect.Interface {
			v = v.Convert(pt)
		}
		in[i] = v
	}
	if spread {
		fv.CallSlice(in)
		return
	}
	fv.Call(in)
}

// show receives the values of a cell's trailing expression.
func (h *helper) show(vals ...any) {
	if len(vals) == 1 {
		if tv, ok := vals[0].(typedValue); ok {
			h.e.setResult(h.staticResult(tv))
			return
		}
	}
	b := resultBundle(vals)
	if text, ok := b["text/plain"].(string); ok {
		b["text/plain"] = h.e.typeInfo().goNames(text)
	}
	h.e.setResult(b)
}

// resultBundle renders the values of a trailing expression. A multi-value
// call shows all its values; nil values (a nil error) alone show nothing, as
// a cell ending in a call that returned only a nil error has no value.
func resultBundle(vals []any) engine.Bundle {
	allNil := true
	for _, v := range vals {
		if v != nil {
			allNil = false
		}
	}
	if len(vals) == 0 || allNil {
		return nil
	}
	if len(vals) > 1 && vals[len(vals)-1] == nil {
		vals = vals[:len(vals)-1]
	}
	if len(vals) == 1 {
		return renderOne(vals[0])
	}
	text := ""
	for i, v := range vals {
		if i > 0 {
			text += "\n"
		}
		b := renderOne(v)
		s, _ := b["text/plain"].(string)
		text += s
	}
	return engine.Bundle{"text/plain": text}
}

// renderOne renders one value. yaegi hands interpreted values over inside an
// interface wrapper (a struct whose first field IValue holds the value); its
// methods render, but the Go-syntax text form comes from the value itself.
func renderOne(v any) engine.Bundle {
	b := display.Render(v)
	if inner, ok := unwrap(v); ok {
		_, isErr := v.(error)
		_, isStr := v.(fmt.Stringer)
		if !isErr && !isStr {
			b["text/plain"] = display.GoSyntax(inner)
		}
	}
	return b
}

// unwrap returns the value inside a yaegi interface wrapper.
func unwrap(v any) (any, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct || rv.NumField() == 0 || rv.Type().Field(0).Name != "IValue" {
		return nil, false
	}
	f := rv.Field(0)
	if !f.CanInterface() {
		return nil, false
	}
	return f.Interface(), true
}
