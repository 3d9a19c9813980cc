package gen

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/gcexportdata"
)

// ExportDataFile is the name of the type information archive in the stdlib
// directory.
const ExportDataFile = "exportdata.zip"

// ExportData returns the type information of the packages paths, keyed by
// import path, for a type checker on a machine with no Go toolchain: the
// compiler's export data of each package (from `go list -export`, which
// builds what is missing) read with go/importer and re-encoded with
// gcexportdata.Write. The re-encoding keeps only declarations (the
// compiler's export data also carries inlinable function bodies, four times
// the size) and is self-contained: a package's entry holds every object of
// its dependencies that its API reaches, so a reader needs no other entry.
// Source positions are dropped: there is no source to point at.
func ExportData(moduleRoot string, paths []string) (map[string][]byte, error) {
	pkgs, err := loadTypes(moduleRoot, paths)
	if err != nil {
		return nil, err
	}
	return encodeTypes(pkgs)
}

// encodeTypes writes each package's declarations with gcexportdata.
func encodeTypes(pkgs map[string]*types.Package) (map[string][]byte, error) {
	data := map[string][]byte{}
	for p, pkg := range pkgs {
		var buf bytes.Buffer
		if err := gcexportdata.Write(&buf, token.NewFileSet(), pkg); err != nil {
			return nil, fmt.Errorf("encode types of %s: %w", p, err)
		}
		data[p] = buf.Bytes()
	}
	return data, nil
}

// loadTypes returns the packages paths as go/types sees them, from the
// compiler's export data (`go list -export` builds what is missing).
func loadTypes(moduleRoot string, paths []string) (map[string]*types.Package, error) {
	pkgs := map[string]*types.Package{}
	if len(paths) == 0 {
		return pkgs, nil
	}
	args := append([]string{"list", "-e", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}\t{{if .Error}}{{.Error.Err}}{{end}}"}, paths...)
	cmd := exec.Command("go", args...)
	cmd.Dir = moduleRoot
	// UseGOPATH may have turned modules off in this process.
	cmd.Env = append(os.Environ(), "GO111MODULE=on")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export: %w: %s", err, stderr.String())
	}
	files := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), "\t", 3)
		if len(f) == 3 && f[1] != "" {
			files[f[0]] = f[1]
		}
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := files[path]
		if !ok {
			return nil, fmt.Errorf("go list gave no export data for %s", path)
		}
		return os.Open(file)
	}).(types.ImporterFrom)
	for _, p := range paths {
		pkg, err := imp.ImportFrom(p, moduleRoot, 0)
		if err != nil {
			return nil, fmt.Errorf("export data of %s: %w", p, err)
		}
		pkgs[p] = pkg
	}
	return pkgs, nil
}

// zipEpoch is the modification time of every archive entry, so that the
// archive depends on its contents only.
var zipEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// EncodeExportData packs export data keyed by import path into a zip
// archive, one deflated entry per package in path order, so a reader can
// decompress one package without the others.
func EncodeExportData(data map[string][]byte) ([]byte, error) {
	paths := make([]string, 0, len(data))
	for p := range data {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range paths {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p, Method: zip.Deflate, Modified: zipEpoch})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data[p]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DecodeExportData reads an archive written by EncodeExportData.
func DecodeExportData(archive []byte) (map[string][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		return nil, fmt.Errorf("export data archive: %w", err)
	}
	data := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("export data of %s: %w", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("export data of %s: %w", f.Name, err)
		}
		data[f.Name] = b
	}
	return data, nil
}

// WriteExportData writes the archive of the packages whose symbol files are
// in dir (the importable packages) to path, and their wrapper dependencies
// (WrapperDeps) to depsPath as Go source of the stdlib package.
func WriteExportData(path, depsPath, moduleRoot, dir string) error {
	have, err := GeneratedPaths(dir)
	if err != nil {
		return err
	}
	paths := make([]string, 0, len(have))
	for p := range have {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	pkgs, err := loadTypes(moduleRoot, paths)
	if err != nil {
		return err
	}
	data, err := encodeTypes(pkgs)
	if err != nil {
		return err
	}
	archive, err := EncodeExportData(data)
	if err != nil {
		return err
	}
	if err := writeIfChanged(path, archive); err != nil {
		return err
	}
	src, err := WrapperDepsSource(WrapperDeps(pkgs, have))
	if err != nil {
		return err
	}
	return writeIfChanged(depsPath, src)
}
