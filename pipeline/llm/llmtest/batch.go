package llmtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// batchState is the fake batch store shared by both protocols.
type batchState struct {
	mu      sync.Mutex
	files   map[string][]byte
	batches map[string]*fakeBatch
	seq     int
}

type fakeBatch struct {
	lines  [][]byte // input lines (OpenAI) or request objects (Anthropic)
	polls  int
	output string // OpenAI output file id
	status string
}

// batchPolls is how many polls a fake batch takes to end.
func (s *Server) batchPolls() int {
	if s.BatchPolls > 0 {
		return s.BatchPolls
	}
	return 2
}

func (s *Server) batchStore() *batchState {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bs == nil {
		s.bs = &batchState{files: map[string][]byte{}, batches: map[string]*fakeBatch{}}
	}
	return s.bs
}

// BatchRequests returns how many requests were submitted in batches.
func (s *Server) BatchRequests() int {
	bs := s.batchStore()
	bs.mu.Lock()
	defer bs.mu.Unlock()
	n := 0
	for _, b := range bs.batches {
		n += len(b.lines)
	}
	return n
}

func (s *Server) authOK(w http.ResponseWriter, r *http.Request) bool {
	key := r.Header.Get("X-Api-Key")
	if key == "" {
		key = r.Header.Get("Authorization")
		if len(key) > 7 {
			key = key[7:]
		}
	}
	if s.Key != "" && key != s.Key {
		http.Error(w, `{"error":{"message":"invalid api key"}}`, http.StatusUnauthorized)
		return false
	}
	return true
}

func (s *Server) addOpenAIBatchRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/files", func(w http.ResponseWriter, r *http.Request) {
		if !s.authOK(w, r) {
			return
		}
		f, _, err := r.FormFile("file")
		if err != nil || r.FormValue("purpose") != "batch" {
			http.Error(w, `{"error":{"message":"want a multipart file with purpose=batch"}}`, http.StatusBadRequest)
			return
		}
		data, _ := io.ReadAll(f)
		bs := s.batchStore()
		bs.mu.Lock()
		bs.seq++
		id := fmt.Sprintf("file-%d", bs.seq)
		bs.files[id] = data
		bs.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"id": id, "object": "file", "bytes": len(data), "created_at": time.Now().Unix(),
			"filename": "batch.jsonl", "purpose": "batch", "status": "processed"})
	})
	mux.HandleFunc("POST /v1/batches", func(w http.ResponseWriter, r *http.Request) {
		if !s.authOK(w, r) {
			return
		}
		var body struct {
			InputFileID string `json:"input_file_id"`
			Endpoint    string `json:"endpoint"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		bs := s.batchStore()
		bs.mu.Lock()
		data, ok := bs.files[body.InputFileID]
		if !ok || body.Endpoint != "/v1/chat/completions" {
			bs.mu.Unlock()
			http.Error(w, `{"error":{"message":"unknown input file or endpoint"}}`, http.StatusBadRequest)
			return
		}
		bs.seq++
		id := fmt.Sprintf("batch_%d", bs.seq)
		b := &fakeBatch{status: "validating"}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 1<<20), 1<<26)
		for sc.Scan() {
			b.lines = append(b.lines, append([]byte(nil), sc.Bytes()...))
		}
		bs.batches[id] = b
		bs.mu.Unlock()
		s.writeOpenAIBatch(w, id, b)
	})
	mux.HandleFunc("GET /v1/batches/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !s.authOK(w, r) {
			return
		}
		bs := s.batchStore()
		bs.mu.Lock()
		b, ok := bs.batches[r.PathValue("id")]
		if !ok {
			bs.mu.Unlock()
			http.Error(w, `{"error":{"message":"no such batch"}}`, http.StatusNotFound)
			return
		}
		b.polls++
		if b.polls >= s.batchPolls() && b.status != "completed" {
			b.status = "completed"
			var out bytes.Buffer
			for _, line := range b.lines {
				var in struct {
					CustomID string         `json:"custom_id"`
					Body     map[string]any `json:"body"`
				}
				json.Unmarshal(line, &in)
				prompt := lastUser(in.Body)
				json.NewEncoder(&out).Encode(map[string]any{"id": "resp", "custom_id": in.CustomID, "error": nil,
					"response": map[string]any{"status_code": 200, "request_id": "r", "body": chatBody(in.Body, s.reply(prompt), prompt)}})
			}
			bs.seq++
			b.output = fmt.Sprintf("file-%d", bs.seq)
			bs.files[b.output] = out.Bytes()
		} else if b.status == "validating" {
			b.status = "in_progress"
		}
		bs.mu.Unlock()
		s.writeOpenAIBatch(w, r.PathValue("id"), b)
	})
	mux.HandleFunc("GET /v1/files/{id}/content", func(w http.ResponseWriter, r *http.Request) {
		if !s.authOK(w, r) {
			return
		}
		bs := s.batchStore()
		bs.mu.Lock()
		data, ok := bs.files[r.PathValue("id")]
		bs.mu.Unlock()
		if !ok {
			http.Error(w, `{"error":{"message":"no such file"}}`, http.StatusNotFound)
			return
		}
		w.Write(data)
	})
}

func (s *Server) writeOpenAIBatch(w http.ResponseWriter, id string, b *fakeBatch) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"id": id, "object": "batch", "endpoint": "/v1/chat/completions",
		"input_file_id": "f", "completion_window": "24h", "status": b.status, "output_file_id": b.output,
		"created_at": time.Now().Unix(), "request_counts": map[string]any{"total": len(b.lines), "completed": 0, "failed": 0}})
}

func (s *Server) addAnthropicBatchRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/messages/batches", func(w http.ResponseWriter, r *http.Request) {
		if !s.authOK(w, r) {
			return
		}
		var body struct {
			Requests []json.RawMessage `json:"requests"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.Requests) == 0 {
			http.Error(w, `{"type":"error","error":{"type":"invalid_request_error","message":"want requests"}}`, http.StatusBadRequest)
			return
		}
		bs := s.batchStore()
		bs.mu.Lock()
		bs.seq++
		id := fmt.Sprintf("msgbatch_%d", bs.seq)
		b := &fakeBatch{status: "in_progress"}
		for _, q := range body.Requests {
			b.lines = append(b.lines, q)
		}
		bs.batches[id] = b
		bs.mu.Unlock()
		writeAnthropicBatch(w, id, b)
	})
	mux.HandleFunc("GET /v1/messages/batches/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !s.authOK(w, r) {
			return
		}
		bs := s.batchStore()
		bs.mu.Lock()
		b, ok := bs.batches[r.PathValue("id")]
		if ok {
			b.polls++
			if b.polls >= s.batchPolls() {
				b.status = "ended"
			}
		}
		bs.mu.Unlock()
		if !ok {
			http.Error(w, `{"type":"error","error":{"type":"not_found_error","message":"no such batch"}}`, http.StatusNotFound)
			return
		}
		writeAnthropicBatch(w, r.PathValue("id"), b)
	})
	mux.HandleFunc("GET /v1/messages/batches/{id}/results", func(w http.ResponseWriter, r *http.Request) {
		if !s.authOK(w, r) {
			return
		}
		bs := s.batchStore()
		bs.mu.Lock()
		b, ok := bs.batches[r.PathValue("id")]
		bs.mu.Unlock()
		if !ok || b.status != "ended" {
			http.Error(w, `{"type":"error","error":{"type":"not_found_error","message":"no results yet"}}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/x-jsonl")
		enc := json.NewEncoder(w)
		for _, line := range b.lines {
			var in struct {
				CustomID string         `json:"custom_id"`
				Params   map[string]any `json:"params"`
			}
			json.Unmarshal(line, &in)
			prompt := lastUser(in.Params)
			enc.Encode(map[string]any{"custom_id": in.CustomID,
				"result": map[string]any{"type": "succeeded", "message": messageBody(in.Params, s.reply(prompt), prompt)}})
		}
	})
}

func writeAnthropicBatch(w http.ResponseWriter, id string, b *fakeBatch) {
	w.Header().Set("Content-Type", "application/json")
	res := map[string]any{"id": id, "type": "message_batch", "processing_status": b.status,
		"created_at": time.Now().UTC().Format(time.RFC3339), "expires_at": time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339),
		"request_counts": map[string]any{"processing": 0, "succeeded": len(b.lines), "errored": 0, "canceled": 0, "expired": 0}}
	if b.status == "ended" {
		res["results_url"] = "/v1/messages/batches/" + id + "/results"
	}
	json.NewEncoder(w).Encode(res)
}
