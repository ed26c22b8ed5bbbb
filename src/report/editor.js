// The review page as an alignment editor: the view (order, weak-only filter, navigation), the edits
// (boundaries, join, split, unpaired sentences, confirm, undo/redo), localStorage, downloads.
// State: one bead list {s0,s1,t0,t1,score,anchors,why,st,o} (why: the aligner's reasons, as TMX x-reasons); st 0 = as aligned, 1 = edited, 2 = confirmed;
// o = the server-rendered row it came from (-1 for beads the page made). rows[i] is bead i's <tr>.
(function () {
  'use strict';
  var H = window.hanalign = window.hanalign || {};
  var data = JSON.parse(document.getElementById('hanalign-data').textContent);
  var table = document.getElementById('beads');
  var tbody = table.tBodies[0];
  var $ = function (id) { return document.getElementById(id); };
  var order = $('order'), weakOnly = $('weak-only'), showing = $('showing');
  var minConf = data.minConfidence;
  var serverRows = Array.prototype.slice.call(tbody.rows);
  var original = data.beads.map(function (b, i) {
    return { s0: b[0], s1: b[1], t0: b[2], t1: b[3], score: b[4], anchors: b[5], why: b[6], st: 0, o: i };
  });
  var beads = original.slice();
  var rows = serverRows.slice();
  var focus = -1;
  var undoStack = [], redoStack = [];
  document.documentElement.classList.add('editing');
  var storeKey = 'hanalign-edits:' + data.src.sha256 + ':' + data.tgt.sha256;

  function score(b) { return b.st ? 1 : b.score; }
  function isWeak(b) { var s = score(b); return !(s >= minConf); }
  function kind(b) { return (b.s1 - b.s0) + '-' + (b.t1 - b.t0); }
  function hue(s) { return Math.round(Math.min(1, Math.max(0, s || 0)) * 120); }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // ---- rendering a bead the page made (same markup as report::ReviewPage::row) ----
  function sentenceHtml(sent, classOf) {
    var text = sent[0], marks = sent[2], out = '', pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) { return; }
      out += esc(text.slice(pos, m[0]));
      var t = data.terms[m[2]] || [null, ''];
      out += '<mark class="term ' + classOf(m[2]) + '" title="' + esc(t[1]) + '">' + esc(text.slice(m[0], m[1])) + '</mark>';
      pos = m[1];
    });
    return out + esc(text.slice(pos));
  }
  function cell(lang, sents, a, b, label, classOf) {
    if (a === b) { return '<td class="text ' + lang + ' empty" lang="' + lang + '">— ' + label + ' —</td>'; }
    var html = H.text.joinParts(sents, a, b).map(function (p, k) {
      return p[0] + (k ? '<span class="sb" title="sentence boundary"></span>' : '') + sentenceHtml(sents[p[1]], classOf);
    }).join('');
    return '<td class="text ' + lang + '" lang="' + lang + '">' + html + '</td>';
  }
  function renderRow(b) {
    var se = new Set(), te = new Set(), anchored = new Set(b.anchors);
    var i;
    for (i = b.s0; i < b.s1; i++) { data.S[i][2].forEach(function (m) { se.add(m[2]); }); }
    for (i = b.t0; i < b.t1; i++) { data.T[i][2].forEach(function (m) { te.add(m[2]); }); }
    var classOf = function (e) {
      var t = data.terms[e];
      return (se.has(e) && te.has(e)) || (t && anchored.has(t[0])) ? 'anchor' : 'lonely';
    };
    var tr = document.createElement('tr');
    tr.innerHTML = '<td class="n"><a></a><br><small></small></td>' +
      cell('zh', data.S, b.s0, b.s1, 'no Chinese sentence', classOf) +
      cell('en', data.T, b.t0, b.t1, 'no English sentence', classOf) +
      '<td class="score"><span class="pill"></span></td>';
    return tr;
  }
  // Classes, colour, number and confidence of row `i` (server-rendered or not).
  function decorate(i) {
    var b = beads[i], tr = rows[i], s = score(b), weak = isWeak(b);
    tr.className = 'bead' + (weak ? ' weak' : '') + (b.s0 === b.s1 || b.t0 === b.t1 ? ' gap' : '') +
      (b.st === 1 ? ' edited' : '') + (b.st === 2 ? ' confirmed' : '') + (i === focus ? ' focus' : '') +
      (weakOnly.checked && !weak ? ' hidden' : '');
    tr.dataset.score = s.toFixed(4);
    tr.dataset.kind = kind(b);
    tr.style.setProperty('--h', hue(s));
    number(i);
    var sc = tr.cells[3];
    sc.textContent = '';
    span(sc, 'pill', s.toFixed(2));
    if (weak) { span(sc, 'weak-label', 'weak'); }
    if (b.st) { span(sc, 'status', b.st === 2 ? 'confirmed' : 'edited'); }
    tr.cells[0].querySelector('small').textContent = kind(b);
  }
  function span(parent, cls, text) {
    var e = document.createElement('span');
    e.className = cls;
    e.textContent = text;
    parent.appendChild(e);
  }
  function number(i) {
    var tr = rows[i];
    if (tr.dataset.i === String(i) && tr.id === 'b' + i) { return; }
    tr.id = 'b' + i;
    tr.dataset.i = i;
    var a = tr.cells[0].firstChild;
    a.textContent = i + 1;
    a.setAttribute('href', '#b' + i);
  }

  // ---- the view: order, weak-only, counts ----
  function apply() {
    var idx = beads.map(function (_, i) { return i; });
    if (order.value === 'weak') {
      idx.sort(function (a, b) { return (score(beads[a]) - score(beads[b])) || (a - b); });
    }
    var frag = document.createDocumentFragment();
    idx.forEach(function (i) { frag.appendChild(rows[i]); });
    tbody.appendChild(frag);
    counts();
  }
  function counts() {
    var shown = 0, weak = 0, edited = 0, confirmed = 0;
    beads.forEach(function (b, i) {
      var w = isWeak(b);
      weak += w;
      edited += b.st === 1;
      confirmed += b.st === 2;
      var hide = weakOnly.checked && !w;
      rows[i].classList.toggle('hidden', hide);
      shown += !hide;
    });
    showing.textContent = 'showing ' + shown + ' of ' + beads.length;
    $('n-beads').textContent = beads.length;
    $('n-weak').textContent = weak;
    $('n-edited').textContent = edited;
    $('n-confirmed').textContent = confirmed;
    table.dataset.edited = edited;
    table.dataset.confirmed = confirmed;
  }
  function saveView() {
    apply();
    try { history.replaceState(null, '', '#order=' + order.value + (weakOnly.checked ? '&weak' : '')); } catch (e) {}
  }

  // ---- edits: every edit replaces beads[i, i+k) by `added` ----
  function splice(i, k, added) {
    var removed = beads.slice(i, i + k);
    var newRows = added.map(function (b) {
      return b.st !== 1 && b.o >= 0 ? serverRows[b.o] : renderRow(b);
    });
    var next = rows[i + k] || null;
    rows.slice(i, i + k).forEach(function (r) { if (r.parentNode) { r.parentNode.removeChild(r); } });
    beads.splice.apply(beads, [i, k].concat(added));
    rows.splice.apply(rows, [i, k].concat(newRows));
    if (order.value === 'doc') {
      newRows.forEach(function (r) { tbody.insertBefore(r, next); });
    }
    for (var j = i; j < rows.length; j++) { if (j < i + added.length) { decorate(j); } else { number(j); } }
    if (order.value !== 'doc') { apply(); } else { counts(); }
    return removed;
  }
  function edit(i, k, added, newFocus) {
    var before = focus;
    var removed = splice(i, k, added);
    undoStack.push({ i: i, removed: removed, added: added, focus: before, after: newFocus });
    redoStack = [];
    setFocus(newFocus);
    store();
  }
  function undo() {
    var op = undoStack.pop();
    if (!op) { return say('nothing to undo'); }
    splice(op.i, op.added.length, op.removed);
    redoStack.push(op);
    setFocus(op.focus);
    store();
  }
  function redo() {
    var op = redoStack.pop();
    if (!op) { return say('nothing to redo'); }
    splice(op.i, op.removed.length, op.added);
    undoStack.push(op);
    setFocus(op.after);
    store();
  }
  function bead(s0, s1, t0, t1) {
    var b = { s0: s0, s1: s1, t0: t0, t1: t1, score: 1, anchors: [], st: 1, o: -1 };
    b.anchors = H.export.anchors(data, b);
    return b;
  }
  function empty(b) { return b.s0 === b.s1 && b.t0 === b.t1; }
  function nonEmpty(list) { return list.filter(function (b) { return !empty(b); }); }

  var edits = {
    confirm: function (f) {
      var b = beads[f];
      if (b.st === 1) { return say('bead ' + (f + 1) + ' is already set by you'); }
      var c = Object.assign({}, b, { st: b.st === 2 ? 0 : 2 });
      edit(f, 1, [c], f);
    },
    join: function (f) {
      if (f + 1 >= beads.length) { return say('no bead after this one to join'); }
      var a = beads[f], b = beads[f + 1];
      edit(f, 2, [bead(a.s0, b.s1, a.t0, b.t1)], f);
    },
    split: function (f) {
      var b = beads[f], ns = b.s1 - b.s0, nt = b.t1 - b.t0;
      if (ns + nt < 2) { return say('a bead of one sentence cannot be split'); }
      var ks = Math.min(ns, 1), kt = Math.min(nt, 1);
      if (ks === ns && kt === nt) { kt = 0; }
      edit(f, 1, [bead(b.s0, b.s0 + ks, b.t0, b.t0 + kt), bead(b.s0 + ks, b.s1, b.t0 + kt, b.t1)], f);
    },
    // The boundary after bead f on one side: up gives f's last sentence to the next bead, down takes
    // the next sentence (from the first bead after f that has one on that side).
    up: function (f, side) {
      var a = beads[f], lo = side === 's' ? a.s0 : a.t0, hi = side === 's' ? a.s1 : a.t1;
      if (hi === lo) { return say('bead ' + (f + 1) + ' has no ' + (side === 's' ? 'Chinese' : 'English') + ' sentence to give'); }
      var na = side === 's' ? bead(a.s0, a.s1 - 1, a.t0, a.t1) : bead(a.s0, a.s1, a.t0, a.t1 - 1);
      var b = beads[f + 1];
      var nb = !b ? (side === 's' ? bead(a.s1 - 1, a.s1, a.t1, a.t1) : bead(a.s1, a.s1, a.t1 - 1, a.t1))
        : side === 's' ? bead(b.s0 - 1, b.s1, b.t0, b.t1) : bead(b.s0, b.s1, b.t0 - 1, b.t1);
      var added = nonEmpty([na, nb]);
      edit(f, b ? 2 : 1, added, f);
    },
    down: function (f, side) {
      var g = f + 1;
      while (g < beads.length && (side === 's' ? beads[g].s1 === beads[g].s0 : beads[g].t1 === beads[g].t0)) { g++; }
      if (g >= beads.length) { return say('no ' + (side === 's' ? 'Chinese' : 'English') + ' sentence after bead ' + (f + 1)); }
      var a = beads[f], b = beads[g];
      var na = side === 's' ? bead(a.s0, a.s1 + 1, a.t0, a.t1) : bead(a.s0, a.s1, a.t0, a.t1 + 1);
      var nb = side === 's' ? bead(b.s0 + 1, b.s1, b.t0, b.t1) : bead(b.s0, b.s1, b.t0 + 1, b.t1);
      var mid = beads.slice(f + 1, g);
      edit(f, g - f + 1, nonEmpty([na].concat(mid, [nb])), f);
    },
    // The bead's first sentence on one side has no counterpart: it becomes a 1-0 (0-1) bead before the rest.
    alone: function (f, side) {
      var b = beads[f], n = side === 's' ? b.s1 - b.s0 : b.t1 - b.t0;
      if (n === 0) { return say('bead ' + (f + 1) + ' has no ' + (side === 's' ? 'Chinese' : 'English') + ' sentence'); }
      if (n + (side === 's' ? b.t1 - b.t0 : b.s1 - b.s0) === 1) {
        return say('bead ' + (f + 1) + ' is already ' + kind(b));
      }
      var one = side === 's' ? bead(b.s0, b.s0 + 1, b.t0, b.t0) : bead(b.s0, b.s0, b.t0, b.t0 + 1);
      var rest = side === 's' ? bead(b.s0 + 1, b.s1, b.t0, b.t1) : bead(b.s0, b.s1, b.t0 + 1, b.t1);
      edit(f, 1, nonEmpty([one, rest]), f);
    }
  };
  function act(name, side) {
    if (name === 'undo') { return undo(); }
    if (name === 'redo') { return redo(); }
    if (focus < 0 || focus >= beads.length) { return say('pick a bead first (j/k, n/p, or click a row)'); }
    edits[name](focus, side);
  }

  // ---- focus and navigation ----
  function setFocus(i) {
    var old = rows[focus];
    if (old) { old.classList.remove('focus'); }
    focus = Math.max(-1, Math.min(i, beads.length - 1));
    var r = rows[focus];
    if (r) {
      r.classList.add('focus');
      var box = r.getBoundingClientRect();
      if (box.top < 120 || box.bottom > window.innerHeight) { r.scrollIntoView({ block: 'center' }); }
      $('focus-n').textContent = 'bead ' + (focus + 1);
    }
  }
  // The visible rows in the current order, and where the focus is among them.
  function visible(filter) {
    var list = Array.prototype.slice.call(tbody.rows).filter(function (r) {
      return !r.classList.contains('hidden') && (!filter || filter(r));
    });
    return list.map(function (r) { return parseInt(r.dataset.i, 10); });
  }
  function step(dir, weakOnlyNav) {
    var list = visible(weakOnlyNav ? function (r) { return r.classList.contains('weak'); } : null);
    if (!list.length) { return; }
    var pos = list.indexOf(focus);
    if (pos < 0) {
      // the next one after the focus in the current order
      var all = visible(null), here = all.indexOf(focus);
      pos = dir > 0 ? -1 : list.length;
      if (here >= 0) {
        for (var k = 0; k < list.length; k++) { if (all.indexOf(list[k]) > here) { pos = dir > 0 ? k - 1 : k; break; } }
      }
    }
    pos = (pos + dir + list.length) % list.length;
    setFocus(list[pos]);
  }

  var msgTimer = null;
  function say(text) {
    var m = $('message');
    m.textContent = text;
    clearTimeout(msgTimer);
    msgTimer = setTimeout(function () { m.textContent = ''; }, 4000);
  }

  // ---- storage: the fixed beads, which with the aligner's beads rebuild the whole list ----
  function fixedList() {
    return beads.filter(function (b) { return b.st; }).map(function (b) { return [b.s0, b.s1, b.t0, b.t1, b.st]; });
  }
  function store() {
    try {
      var fixed = fixedList();
      if (fixed.length) { localStorage.setItem(storeKey, JSON.stringify({ v: 1, fixed: fixed })); }
      else { localStorage.removeItem(storeKey); }
    } catch (e) { say('edits cannot be kept in this browser (' + e.name + '); download the corrections'); }
  }
  // The aligner's beads with `fixed` ([s0,s1,t0,t1,st]) laid over them: fixed beads as given,
  // original beads that fit between two fixed beads, unpaired beads for any sentence left over.
  function rebuild(fixed) {
    var nS = data.S.length, nT = data.T.length, ok = [], s = 0, t = 0;
    fixed.forEach(function (f) {
      if (f[0] >= s && f[2] >= t && f[1] >= f[0] && f[3] >= f[2] && f[1] <= nS && f[3] <= nT &&
          (f[1] > f[0] || f[3] > f[2])) { ok.push(f); s = f[1]; t = f[3]; }
    });
    var out = [], fi = 0, oi = 0;
    s = 0; t = 0;
    var gap = function (a, b, c, d) { return { s0: a, s1: b, t0: c, t1: d, score: 0.25, anchors: [], st: 0, o: -1 }; };
    while (s < nS || t < nT) {
      var f = ok[fi];
      if (f && f[0] === s && f[2] === t) {
        var same = original.filter(function (o) { return o.s0 === f[0] && o.s1 === f[1] && o.t0 === f[2] && o.t1 === f[3]; })[0];
        var b = f[4] === 2 && same ? Object.assign({}, same, { st: 2 }) : bead(f[0], f[1], f[2], f[3]);
        b.st = f[4] === 2 ? 2 : 1;
        out.push(b);
        s = f[1]; t = f[3]; fi++;
        continue;
      }
      var S = f ? f[0] : nS, T = f ? f[2] : nT;
      while (oi < original.length && (original[oi].s0 < s || original[oi].t0 < t)) { oi++; }
      var o = original[oi];
      if (o && o.s0 === s && o.t0 === t && o.s1 <= S && o.t1 <= T && (o.s1 > o.s0 || o.t1 > o.t0)) {
        out.push(o);
        s = o.s1; t = o.t1; oi++;
      } else if (s < S) {
        out.push(gap(s, s + 1, t, t)); s++;
      } else if (t < T) {
        out.push(gap(s, s, t, t + 1)); t++;
      } else {
        break; // cannot happen: a fixed bead starts here
      }
    }
    return out;
  }
  function load(list) {
    // Rows the page rendered earlier are dropped; server rows are reused.
    beads = [];
    rows.forEach(function (r) { if (r.parentNode) { r.parentNode.removeChild(r); } });
    rows = [];
    splice(0, 0, list);
    apply();
  }

  // ---- downloads ----
  function base() {
    var n = data.src.name.replace(/\\/g, '/').split('/').pop() || 'alignment';
    return n.replace(/\.zh\.txt$|\.txt$/i, '') || 'alignment';
  }
  function download(name, text, type) {
    var blob = new Blob([text], { type: type });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    say('downloaded ' + name);
  }
  function downloadTmx() { download(base() + '.tmx', H.export.tmx(data, beads), 'application/x-tmx+xml'); }
  function downloadCorrections() {
    download(base() + '.corrections.json', H.export.corrections(data, beads), 'application/json');
  }

  // ---- keys and buttons ----
  var keys = {
    j: ['next'], ArrowDown: ['next'], k: ['prev'], ArrowUp: ['prev'], n: ['nextWeak'], p: ['prevWeak'],
    c: ['confirm'], m: ['join'], s: ['split'], q: ['up', 's'], a: ['down', 's'], e: ['up', 't'], d: ['down', 't'],
    '1': ['alone', 's'], '0': ['alone', 't'], u: ['undo'], y: ['redo']
  };
  function run(name, side) {
    switch (name) {
      case 'next': return step(1, false);
      case 'prev': return step(-1, false);
      case 'nextWeak': return step(1, true);
      case 'prevWeak': return step(-1, true);
      case 'tmx': return downloadTmx();
      case 'corrections': return downloadCorrections();
      case 'discard':
        if (!beads.some(function (b) { return b.st; })) { return say('no edits to discard'); }
        edit(0, beads.length, original.slice(), focus);
        return say('edits discarded (u brings them back)');
      default: return act(name, side);
    }
  }
  document.addEventListener('keydown', function (e) {
    var tag = e.target.tagName;
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(tag) || (tag === 'BUTTON' && (e.key === 'Enter' || e.key === ' '))) { return; }
    if ((e.ctrlKey || e.metaKey) && !e.altKey) {
      var k = e.key.toLowerCase();
      if (k === 'z') { e.preventDefault(); return run(e.shiftKey ? 'redo' : 'undo'); }
      if (k === 'y') { e.preventDefault(); return run('redo'); }
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var k2 = keys[e.key];
    if (!k2) { return; }
    e.preventDefault();
    run(k2[0], k2[1]);
  });
  tbody.addEventListener('click', function (e) {
    var tr = e.target.closest('tr.bead');
    if (tr && !e.target.closest('a')) { setFocus(parseInt(tr.dataset.i, 10)); }
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-act]'), function (btn) {
    btn.addEventListener('click', function () { run(btn.dataset.act, btn.dataset.side); });
  });
  var m = /order=(\w+)(&weak)?/.exec(location.hash);
  if (m) { order.value = m[1] === 'weak' ? 'weak' : 'doc'; weakOnly.checked = !!m[2]; }
  order.addEventListener('change', saveView);
  weakOnly.addEventListener('change', saveView);

  // ---- start: edits kept in this browser, else the fixed beads the page was made with ----
  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(storeKey) || 'null'); } catch (e) { saved = null; }
  var fixed = saved && saved.v === 1 && Array.isArray(saved.fixed) ? saved.fixed : data.fixed;
  if (fixed.length) {
    load(rebuild(fixed));
    if (saved) { say('restored ' + fixed.length + ' edited or confirmed bead(s) kept in this browser'); }
  } else if (order.value === 'weak') {
    apply();
  } else {
    counts();
  }

  H.editor = {
    beads: function () { return beads; }, data: data, run: run, focus: function () { return focus; },
    setFocus: setFocus, tmx: function (now) { return H.export.tmx(data, beads, now); },
    corrections: function () { return H.export.corrections(data, beads); }
  };
  H.ready = performance.now();
})();
