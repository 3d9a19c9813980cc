package dataset

// ChunkRanges returns the byte ranges [start, end) of the column chunks of
// the columns keep selects, in every shard of a split.
func ChunkRanges(s *Split, keep func(string) bool) [][2]int64 {
	var out [][2]int64
	for _, sh := range s.Shards {
		pf, h, err := openFile(sh.Path)
		if err != nil {
			panic(err)
		}
		for _, rg := range pf.Metadata().RowGroups {
			for _, cc := range rg.Columns {
				if keep(cc.MetaData.PathInSchema[0]) {
					off := cc.MetaData.DataPageOffset
					if d := cc.MetaData.DictionaryPageOffset; d > 0 && d < off {
						off = d
					}
					out = append(out, [2]int64{off, off + cc.MetaData.TotalCompressedSize})
				}
			}
		}
		h.Close()
	}
	return out
}
