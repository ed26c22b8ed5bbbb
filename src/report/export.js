// What the page writes: the TMX 1.4b hanalign's CLI writes (src/tmx/write.rs, default options), and
// hanalign-corrections version 1 (docs/corrections.md). Pure functions on the editor's state.
(function () {
  'use strict';
  var H = window.hanalign = window.hanalign || {};

  function isXmlChar(cp) {
    return cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xD7FF) ||
      (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
  }
  // Rust's char::is_whitespace (Unicode White_Space), which JavaScript's \s is not (U+FEFF, U+0085).
  function isSpace(cp) {
    return (cp >= 9 && cp <= 13) || cp === 32 || cp === 0x85 || cp === 0xA0 || cp === 0x1680 ||
      (cp >= 0x2000 && cp <= 0x200A) || cp === 0x2028 || cp === 0x2029 || cp === 0x202F ||
      cp === 0x205F || cp === 0x3000;
  }
  function isHan(cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF);
  }
  function hasHan(s) {
    for (var i = 0; i < s.length; i++) { if (isHan(s.charCodeAt(i))) { return true; } }
    return false;
  }
  // pipeline::join: nothing between two Chinese sentences or at a non-ASCII edge, a space otherwise.
  // Returns the pieces (separator, sentence index) so the page can mark sentence starts.
  function joinParts(sents, a, b) {
    var parts = [], prevHan = false, last = -1;
    for (var i = a; i < b; i++) {
      var s = sents[i][0], han = hasHan(s);
      var tight = parts.length === 0 || (prevHan && han) || last > 127 || s.charCodeAt(0) > 127;
      parts.push([tight ? '' : ' ', i]);
      prevHan = han;
      if (s.length) { last = s.charCodeAt(s.length - 1); }
    }
    return parts;
  }
  function join(sents, a, b) {
    return joinParts(sents, a, b).map(function (p) { return p[0] + sents[p[1]][0]; }).join('');
  }
  // tmx::write::clean_segment: unwanted controls removed, whitespace runs folded, ends trimmed.
  function clean(text) {
    var out = '', pending = null, n = 0, fold = false;
    for (var ch of text) {
      var cp = ch.codePointAt(0);
      var ctl = !isXmlChar(cp) || (cp >= 0x7F && cp <= 0x9F);
      if (ctl && cp !== 9 && cp !== 10 && cp !== 13) { continue; }
      if (isSpace(cp)) {
        fold = fold || cp === 9 || cp === 10 || cp === 13;
        if (pending === null) { pending = ch; n = 1; } else { n++; }
        continue;
      }
      if (pending !== null) {
        if (out.length) { out += (n === 1 && !fold) ? pending : ' '; }
        fold = false;
        pending = null;
      }
      out += ch;
    }
    return out;
  }
  function xml(s, attr) {
    var out = '';
    for (var ch of s) {
      var cp = ch.codePointAt(0);
      if (ch === '&') { out += '&amp;'; } else if (ch === '<') { out += '&lt;'; } else if (ch === '>') { out += '&gt;'; }
      else if (ch === '"' && attr) { out += '&quot;'; } else if (ch === '\r') { out += '&#13;'; }
      else if (ch === '\n' && attr) { out += '&#10;'; } else if (ch === '\t' && attr) { out += '&#9;'; }
      else if (isXmlChar(cp)) { out += ch; }
    }
    return out;
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function tmxDate(d) {
    return d.getUTCFullYear() + pad(d.getUTCMonth() + 1) + pad(d.getUTCDate()) + 'T' +
      pad(d.getUTCHours()) + pad(d.getUTCMinutes()) + pad(d.getUTCSeconds()) + 'Z';
  }

  // The TMX for `beads` ({s0,s1,t0,t1,score,anchors,why,st}) of the documents in `data`.
  function tmx(data, beads, now) {
    var sl = data.src.lang, tl = data.tgt.lang;
    var head = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n  <header creationtool="hanalign"' +
      ' creationtoolversion="' + xml(data.version, true) + '" segtype="sentence" o-tmf="hanalign" adminlang="en-US"' +
      ' srclang="' + xml(sl, true) + '" datatype="plaintext" creationdate="' + tmxDate(now || new Date()) + '"/>\n  <body>';
    var out = [head], seen = new Set(), tuid = 0;
    var srcDoc = xml(data.src.name, false), tgtDoc = xml(data.tgt.name, false);
    beads.forEach(function (b) {
      var src = clean(join(data.S, b.s0, b.s1)), tgt = clean(join(data.T, b.t0, b.t1));
      if (!src || !tgt) { return; }
      var key = src + '\u0000' + tgt;
      if (seen.has(key)) { return; }
      seen.add(key);
      tuid++;
      var score = b.st ? 1 : b.score;
      var tu = '\n    <tu tuid="' + tuid + '">' +
        '\n      <prop type="x-confidence">' + score.toFixed(4) + '</prop>' +
        '\n      <prop type="x-bead">' + (b.s1 - b.s0) + '-' + (b.t1 - b.t0) + '</prop>' +
        // The aligner's reasons hold for the bead as aligned, not once a person has fixed it.
        (!b.st && b.why ? '\n      <prop type="x-reasons">' + xml(b.why, false) + '</prop>' : '') +
        '\n      <prop type="x-src-doc">' + srcDoc + '</prop>' +
        '\n      <prop type="x-tgt-doc">' + tgtDoc + '</prop>';
      var done = [];
      b.anchors.forEach(function (a) {
        if (done.indexOf(a) >= 0) { return; }
        done.push(a);
        tu += '\n      <prop type="x-anchor">' + xml(clean(a), false) + '</prop>';
      });
      tu += '\n      <tuv xml:lang="' + xml(sl, true) + '">\n        <seg>' + xml(src, false) + '</seg>\n      </tuv>' +
        '\n      <tuv xml:lang="' + xml(tl, true) + '">\n        <seg>' + xml(tgt, false) + '</seg>\n      </tuv>' +
        '\n    </tu>';
      out.push(tu);
    });
    out.push(tuid ? '\n  </body>\n</tmx>\n' : '</body>\n</tmx>\n');
    return out.join('');
  }

  // hanalign-corrections version 1, laid out as corrections::Corrections::to_json.
  function corrections(data, beads) {
    var doc = function (d) { return JSON.stringify({ name: d.name, sentences: d.n, sha256: d.sha256 }); };
    var rows = beads.filter(function (b) { return b.st; }).map(function (b) {
      return JSON.stringify({ src: [b.s0, b.s1], tgt: [b.t0, b.t1], status: b.st === 2 ? 'confirmed' : 'edited' });
    });
    return '{"format":"hanalign-corrections","version":1,\n"src":' + doc(data.src) + ',\n"tgt":' + doc(data.tgt) +
      ',\n"beads":[' + (rows.length ? '\n' + rows.join(',\n') : '') + ']}\n';
  }

  // corrections::bead_anchors: per target sentence, its entries that a source sentence also has.
  function anchors(data, b) {
    var out = [], src = new Set();
    for (var i = b.s0; i < b.s1; i++) { data.S[i][1].forEach(function (e) { src.add(e); }); }
    for (var j = b.t0; j < b.t1; j++) {
      data.T[j][1].forEach(function (e) {
        var t = data.terms[e] && data.terms[e][0];
        if (src.has(e) && t !== undefined && t !== null && out.indexOf(t) < 0) { out.push(t); }
      });
    }
    return out;
  }

  H.text = { join: join, joinParts: joinParts, clean: clean, xml: xml };
  H.export = { tmx: tmx, corrections: corrections, anchors: anchors, tmxDate: tmxDate };
})();
