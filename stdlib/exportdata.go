package stdlib

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"sync"
)

// exportData is the type information of every package with a symbol table,
// generated beside the tables (stdlib/internal/gen, ExportData): one zip
// entry per import path holding golang.org/x/tools/go/gcexportdata's
// encoding of the package's declarations.
//
//go:embed exportdata.zip
var exportData []byte

var (
	exportOnce  sync.Once
	exportFiles map[string]*zip.File
	exportErr   error
)

// ExportData returns the type information of the package at path, in the
// format gcexportdata.Read reads, decompressing only that package. ok is
// false when the package has no symbol table (and so cannot be imported).
func ExportData(path string) (data []byte, ok bool, err error) {
	exportOnce.Do(func() {
		zr, err := zip.NewReader(bytes.NewReader(exportData), int64(len(exportData)))
		if err != nil {
			exportErr = fmt.Errorf("stdlib: export data archive: %w", err)
			return
		}
		exportFiles = make(map[string]*zip.File, len(zr.File))
		for _, f := range zr.File {
			exportFiles[f.Name] = f
		}
	})
	if exportErr != nil {
		return nil, false, exportErr
	}
	f, ok := exportFiles[path]
	if !ok {
		return nil, false, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, true, fmt.Errorf("stdlib: export data of %s: %w", path, err)
	}
	defer rc.Close()
	data, err = io.ReadAll(rc)
	if err != nil {
		return nil, true, fmt.Errorf("stdlib: export data of %s: %w", path, err)
	}
	return data, true, nil
}

// ExportDataPaths lists the import paths ExportData knows, in no order.
func ExportDataPaths() []string {
	ExportData("")
	paths := make([]string, 0, len(exportFiles))
	for p := range exportFiles {
		paths = append(paths, p)
	}
	return paths
}
