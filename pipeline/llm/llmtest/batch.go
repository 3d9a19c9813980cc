package llmtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
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
	id       string
	seq      int      // creation order, for listing newest first
	lines    [][]byte // input lines (OpenAI) or request objects (Anthropic)
	polls    int
	output   string // OpenAI output file id
	status   string
	metadata map[string]string
	created  time.Time
	answers  []byte // the OpenAI output file or the Anthropic results, made (and billed) at creation
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

// Batches returns how many batches were created.
func (s *Server) Batches() int {
	bs := s.batchStore()
	bs.mu.Lock()
	defer bs.mu.Unlock()
	return len(bs.batches)
}

// sorted returns the batches newest first, as both providers list them.
func (bs *batchState) sorted() []*fakeBatch {
	out := make([]*fakeBatch, 0, len(bs.batches))
	for _, b := range bs.batches {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq > out[j].seq })
	return out
}

// created answers and bills a new batch's requests (a provider processes
// and bills a batch whether or not its client polls it), stores it and
// runs the BatchCreated hook; it reports false when the client went away
// meanwhile (nothing is to be written).
func (s *Server) created(r *http.Request, bs *batchState, b *fakeBatch, anthropic bool) bool {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	for _, line := range b.lines {
		var in struct {
			CustomID string         `json:"custom_id"`
			Body     map[string]any `json:"body"`   // OpenAI
			Params   map[string]any `json:"params"` // Anthropic
		}
		json.Unmarshal(line, &in)
		if anthropic {
			prompt := lastUser(in.Params)
			mb := messageBody(in.Params, s.reply(prompt), prompt, s.BatchTruncate != nil && s.BatchTruncate(prompt))
			s.chargeBody(true, mb)
			enc.Encode(map[string]any{"custom_id": in.CustomID, "result": map[string]any{"type": "succeeded", "message": mb}})
			continue
		}
		prompt := lastUser(in.Body)
		cb := chatBody(in.Body, s.reply(prompt), prompt, s.BatchTruncate != nil && s.BatchTruncate(prompt))
		s.chargeBody(true, cb)
		enc.Encode(map[string]any{"id": "resp", "custom_id": in.CustomID, "error": nil,
			"response": map[string]any{"status_code": 200, "request_id": "r", "body": cb}})
	}
	b.answers = out.Bytes()
	bs.batches[b.id] = b
	bs.mu.Unlock()
	if s.BatchCreated != nil {
		s.BatchCreated(r.Context(), b.id)
	}
	return r.Context().Err() == nil
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
			InputFileID string            `json:"input_file_id"`
			Endpoint    string            `json:"endpoint"`
			Metadata    map[string]string `json:"metadata"`
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
		b := &fakeBatch{id: id, seq: bs.seq, status: "validating", metadata: body.Metadata, created: time.Now()}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 1<<20), 1<<26)
		for sc.Scan() {
			b.lines = append(b.lines, append([]byte(nil), sc.Bytes()...))
		}
		if !s.created(r, bs, b, false) {
			return
		}
		s.writeOpenAIBatch(w, id, b)
	})
	mux.HandleFunc("GET /v1/batches", func(w http.ResponseWriter, r *http.Request) {
		if !s.authOK(w, r) {
			return
		}
		bs := s.batchStore()
		bs.mu.Lock()
		var data []any
		after := r.URL.Query().Get("after")
		skipping := after != ""
		for _, b := range bs.sorted() {
			if skipping {
				skipping = b.id != after
				continue
			}
			data = append(data, openAIBatchBody(b.id, b))
		}
		bs.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "has_more": false})
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
			bs.seq++
			b.output = fmt.Sprintf("file-%d", bs.seq)
			bs.files[b.output] = b.answers
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
	json.NewEncoder(w).Encode(openAIBatchBody(id, b))
}

func openAIBatchBody(id string, b *fakeBatch) map[string]any {
	return map[string]any{"id": id, "object": "batch", "endpoint": "/v1/chat/completions",
		"input_file_id": "f", "completion_window": "24h", "status": b.status, "output_file_id": b.output,
		"metadata": b.metadata, "created_at": b.created.Unix(),
		"request_counts": map[string]any{"total": len(b.lines), "completed": 0, "failed": 0}}
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
		b := &fakeBatch{id: id, seq: bs.seq, status: "in_progress", created: time.Now()}
		for _, q := range body.Requests {
			b.lines = append(b.lines, q)
		}
		if !s.created(r, bs, b, true) {
			return
		}
		writeAnthropicBatch(w, id, b)
	})
	mux.HandleFunc("GET /v1/messages/batches", func(w http.ResponseWriter, r *http.Request) {
		if !s.authOK(w, r) {
			return
		}
		bs := s.batchStore()
		bs.mu.Lock()
		var data []any
		after := r.URL.Query().Get("after_id")
		skipping := after != ""
		for _, b := range bs.sorted() {
			if skipping {
				skipping = b.id != after
				continue
			}
			data = append(data, anthropicBatchBody(b.id, b))
		}
		bs.mu.Unlock()
		first, last := "", ""
		if len(data) > 0 {
			first = data[0].(map[string]any)["id"].(string)
			last = data[len(data)-1].(map[string]any)["id"].(string)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"data": data, "has_more": false, "first_id": first, "last_id": last})
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
			if b.polls >= s.batchPolls() && b.status != "ended" {
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
		w.Write(b.answers)
	})
}

func writeAnthropicBatch(w http.ResponseWriter, id string, b *fakeBatch) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(anthropicBatchBody(id, b))
}

func anthropicBatchBody(id string, b *fakeBatch) map[string]any {
	counts := map[string]any{"processing": len(b.lines), "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0}
	if b.status == "ended" {
		counts["processing"], counts["succeeded"] = 0, len(b.lines)
	}
	res := map[string]any{"id": id, "type": "message_batch", "processing_status": b.status,
		"created_at": b.created.UTC().Format(time.RFC3339Nano), "expires_at": b.created.Add(24 * time.Hour).UTC().Format(time.RFC3339),
		"request_counts": counts}
	if b.status == "ended" {
		res["results_url"] = "/v1/messages/batches/" + id + "/results"
	}
	return res
}
