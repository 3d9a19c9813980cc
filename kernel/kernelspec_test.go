package kernel

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteKernelSpec(t *testing.T) {
	root := t.TempDir()
	spec := KernelSpec{Argv: []string{"/bin/specstress", "kernel", "{connection_file}"},
		DisplayName: "Go (specstress)", Language: "go", InterruptMode: "message"}
	dir, err := WriteKernelSpec(PrefixKernelsDir(root), "specstress", spec)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(root, "share", "jupyter", "kernels", "specstress"); dir != want {
		t.Errorf("dir %s, want %s", dir, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back["language"] != "go" || back["interrupt_mode"] != "message" || len(back["argv"].([]any)) != 3 {
		t.Errorf("kernel.json %s", data)
	}
	for _, n := range []int{32, 64} {
		b, err := os.ReadFile(filepath.Join(dir, "logo-"+itoa(n)+"x"+itoa(n)+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil || img.Bounds().Dx() != n || img.Bounds().Dy() != n {
			t.Errorf("logo %d: %v %v", n, err, img.Bounds())
		}
	}
	if _, err := WriteKernelSpec(root, "bad name/..", spec); err == nil {
		t.Error("bad name accepted")
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestLogoHasTransparentCornersAndWhiteBars(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(Logo(64)))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
		t.Error("corner not transparent")
	}
	if r, g, b, _ := img.At(48, 40).RGBA(); r != 0xffff || g != 0xffff || b != 0xffff {
		t.Error("tallest bar not white")
	}
	if r, _, b, _ := img.At(32, 8).RGBA(); r != 0 || b == 0 {
		t.Error("background not cyan")
	}
}

func TestUserKernelsDirHonoursJupyterDataDir(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "/x/data")
	if d, _ := UserKernelsDir(); d != "/x/data/kernels" {
		t.Errorf("UserKernelsDir = %s", d)
	}
}
