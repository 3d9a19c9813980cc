package engine

import (
	"bytes"
	"encoding/base64"
	"testing"
)

func TestBundleBytesDecodesBinaryTypesAndPassesTextThrough(t *testing.T) {
	png := []byte{0x89, 'P', 'N', 'G', 0, 1, 2, 0xff}
	b := Bundle{
		"image/png":        base64.StdEncoding.EncodeToString(png),
		"image/svg+xml":    "<svg/>",
		"text/plain":       "<png>",
		"image/jpeg":       "not base64!",
		"application/json": map[string]any{"a": 1.0},
	}
	if got, ok := b.Bytes("image/png"); !ok || !bytes.Equal(got, png) {
		t.Errorf("image/png: %v %v, want the decoded bytes", got, ok)
	}
	if got, ok := b.Bytes("image/svg+xml"); !ok || string(got) != "<svg/>" {
		t.Errorf("image/svg+xml: %q %v, want the text as is", got, ok)
	}
	for _, m := range []string{"image/jpeg", "application/json", "text/html"} {
		if got, ok := b.Bytes(m); ok {
			t.Errorf("%s: got %q, want no data (bad base64, not a string, absent)", m, got)
		}
	}
	if b.Text() != "<png>" {
		t.Errorf("Text() = %q", b.Text())
	}
	if (Bundle{"text/plain": 3}).Text() != "" || (Bundle(nil)).Text() != "" {
		t.Error("Text() of a bundle without a text/plain string is not empty")
	}
}
