package stdlib

import (
	"encoding"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log"
	"reflect"

	"github.com/specstress/specstress/kernel/display"
)

// init fills MapTypes. An interpreted value passed to a compiled function
// as interface{} reaches it as a bare struct with no methods; for the
// functions below yaegi instead wraps it in a compiled wrapper of the first
// listed interface the value implements, so fmt prints through String and
// display renders through HTML, PNG, SVG or Markdown.
func init() {
	printing := []reflect.Type{
		reflect.TypeFor[fmt.Formatter](),
		reflect.TypeFor[fmt.Stringer](),
		reflect.TypeFor[error](),
	}
	for _, f := range []any{
		fmt.Errorf, fmt.Fprint, fmt.Fprintf, fmt.Fprintln, fmt.Print, fmt.Printf, fmt.Println,
		fmt.Sprint, fmt.Sprintf, fmt.Sprintln, fmt.Append, fmt.Appendf, fmt.Appendln,
		log.Fatal, log.Fatalf, log.Fatalln, log.Panic, log.Panicf, log.Panicln,
		log.Print, log.Printf, log.Println,
	} {
		MapTypes[reflect.ValueOf(f)] = printing
	}
	scanning := []reflect.Type{reflect.TypeFor[fmt.Scanner]()}
	for _, f := range []any{fmt.Scan, fmt.Scanf, fmt.Scanln, fmt.Sscan, fmt.Sscanf, fmt.Sscanln, fmt.Fscan, fmt.Fscanf, fmt.Fscanln} {
		MapTypes[reflect.ValueOf(f)] = scanning
	}
	marshal := []reflect.Type{reflect.TypeFor[json.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()}
	MapTypes[reflect.ValueOf(json.Marshal)] = marshal
	MapTypes[reflect.ValueOf(json.MarshalIndent)] = marshal
	MapTypes[reflect.ValueOf(json.Unmarshal)] = []reflect.Type{reflect.TypeFor[json.Unmarshaler](), reflect.TypeFor[encoding.TextUnmarshaler]()}
	MapTypes[reflect.ValueOf(xml.Marshal)] = []reflect.Type{reflect.TypeFor[xml.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()}
	MapTypes[reflect.ValueOf(xml.Unmarshal)] = []reflect.Type{reflect.TypeFor[xml.Unmarshaler](), reflect.TypeFor[encoding.TextUnmarshaler]()}

	rich := display.RichTypes()
	for _, f := range []any{
		display.Show, display.ShowID, display.Update, display.Render, display.RenderMeta,
		display.Table, display.GoSyntax,
	} {
		MapTypes[reflect.ValueOf(f)] = rich
	}
}
