package kernel

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
)

// KernelSpec is the kernel.json of a Jupyter kernelspec.
type KernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode,omitempty"`
	Env           map[string]string `json:"env,omitempty"`
	Metadata      map[string]any    `json:"metadata,omitempty"`
}

// validSpecName is what jupyter_client accepts as a kernelspec name.
var validSpecName = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// WriteKernelSpec writes kernel.json and logo-32x32.png / logo-64x64.png
// into kernelsDir/name, creating directories as needed, and returns that
// directory.
func WriteKernelSpec(kernelsDir, name string, spec KernelSpec) (string, error) {
	if !validSpecName.MatchString(name) {
		return "", fmt.Errorf("kernelspec name %q: use letters, digits, '.', '_' and '-' only", name)
	}
	if len(spec.Argv) == 0 {
		return "", errors.New("kernelspec: empty argv")
	}
	dir := filepath.Join(kernelsDir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	data, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	files := map[string][]byte{
		"kernel.json":    append(data, '\n'),
		"logo-32x32.png": Logo(32),
		"logo-64x64.png": Logo(64),
	}
	for f, b := range files {
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			return "", fmt.Errorf("kernelspec: %w", err)
		}
	}
	return dir, nil
}

// UserKernelsDir is where `jupyter kernelspec install --user` puts
// kernelspecs: JUPYTER_DATA_DIR/kernels if set, else the platform's user
// data directory for Jupyter.
func UserKernelsDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return filepath.Join(d, "kernels"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("user kernels dir: %w", err)
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter", "kernels"), nil
	case "windows":
		if a := os.Getenv("APPDATA"); a != "" {
			return filepath.Join(a, "jupyter", "kernels"), nil
		}
		return filepath.Join(home, "AppData", "Roaming", "jupyter", "kernels"), nil
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter", "kernels"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter", "kernels"), nil
}

// PrefixKernelsDir is where `jupyter kernelspec install --prefix PREFIX`
// puts kernelspecs.
func PrefixKernelsDir(prefix string) string {
	return filepath.Join(prefix, "share", "jupyter", "kernels")
}

// SystemKernelsDir is the system-wide kernelspec directory used when
// neither --user nor --prefix is given.
func SystemKernelsDir() string {
	if runtime.GOOS == "windows" {
		if p := os.Getenv("PROGRAMDATA"); p != "" {
			return filepath.Join(p, "jupyter", "kernels")
		}
	}
	return filepath.Join("/usr", "local", "share", "jupyter", "kernels")
}
