package typecheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
)

// sessionCache is the session file of the latest version, parsed, for the
// checks of cells that redefine nothing (most cells): rendering and
// parsing it is a quarter of a check.
type sessionCache struct {
	version int
	fset    *token.FileSet
	sf      sessionFile
	file    *ast.File
}

// checkFset returns the file set of a new check: the cached session file's
// while the session has not changed since it was parsed.
func (s *Session) checkFset() *token.FileSet {
	if s.cache != nil && s.cache.version == s.version {
		return s.cache.fset
	}
	return token.NewFileSet()
}

// sessionAST renders the session (see state.render) and parses it into
// fset, with the imports its declarations use.
func (s *Session) sessionAST(fset *token.FileSet, exclude map[string]bool, extra map[string]types.Type) (sessionFile, *ast.File, error) {
	plain := len(exclude) == 0 && len(extra) == 0
	if c := s.cache; plain && c != nil && c.version == s.version && c.fset == fset {
		return c.sf, c.file, nil
	}
	sf := s.st.render(exclude, extra)
	file, err := parser.ParseFile(fset, "session", sf.text, parser.SkipObjectResolution)
	if err != nil {
		return sf, nil, err
	}
	used := map[string]bool{}
	selectorBases(file, used)
	var imports []importSpec
	for _, n := range sortedKeys(used) {
		if p, ok := s.st.imports[n]; ok && !sf.names[n] {
			imports = append(imports, importSpec{n, p})
		}
	}
	imports = append(imports, sf.imports...)
	for _, p := range sortedKeys(s.st.dots) {
		imports = append(imports, importSpec{".", p})
	}
	file.Decls = withImports(file, imports)
	if plain {
		s.cache = &sessionCache{version: s.version, fset: fset, sf: sf, file: file}
	}
	return sf, file, nil
}
