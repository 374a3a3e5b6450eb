// xopsexport study page. Everything the page shows comes from the JSON in
// #xops-data, and every piece of it is put into the page as text (never as
// markup), so no text from the article can run as code.
'use strict';
(() => {
  const D = JSON.parse(document.getElementById('xops-data').textContent);
  const $ = id => document.getElementById(id);
  const Q = D.questions;
  const byId = new Map(Q.map((q, i) => [q.id, i]));

  // el builds an element: el('p', {class: 'x'}, 'text', child…). Strings
  // become text nodes; attributes are set one by one, never parsed.
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      const v = attrs[k];
      if (v === false || v == null) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of kids) if (c != null) e.append(c);
    return e;
  }

  // ---- storage: progress and settings in localStorage, in memory if the
  // browser refuses (private mode, file:// restrictions).
  const KEY = 'xopsexport:progress', UIKEY = 'xopsexport:ui';
  let canStore = true;
  function load(key) {
    try { const s = localStorage.getItem(key); return s ? JSON.parse(s) : null; } catch (e) { canStore = false; return null; }
  }
  function store(key, v) {
    if (!canStore) return;
    try { localStorage.setItem(key, JSON.stringify(v)); } catch (e) { canStore = false; $('storage-note').hidden = false; }
  }
  // cards maps a question ID to its schedule: h content hash when graded,
  // ef ease, n successful reviews in a row, iv interval in days, due date
  // (YYYY-MM-DD, local), seen reviews in all, g last grade, last time (ms).
  function cleanCards(src) {
    const out = Object.create(null);
    if (!src || typeof src !== 'object') return out;
    for (const id of Object.keys(src)) {
      const c = src[id];
      if (!c || typeof c !== 'object' || typeof c.due !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(c.due)) continue;
      const num = (v, lo, d) => (typeof v === 'number' && isFinite(v) && v >= lo ? v : d);
      out[id] = { h: typeof c.h === 'string' ? c.h : '', ef: Math.max(1.3, num(c.ef, 1.3, 2.5)), n: num(c.n, 0, 0) | 0,
        iv: num(c.iv, 0, 0) | 0, due: c.due, seen: num(c.seen, 0, 1) | 0, g: num(c.g, 0, 0) | 0, last: num(c.last, 0, 0) };
    }
    return out;
  }
  // Progress is also copied into this tab's sessionStorage, and the newer
  // of the two copies is used: Chromium has been seen to drop the last
  // second of localStorage writes when a page is reloaded right after them
  // (about one reload in fifty in our tests); the tab's copy brings them back.
  function loadSession() {
    try { const s = sessionStorage.getItem(KEY); return s ? JSON.parse(s) : null; } catch (e) { return null; }
  }
  const local = load(KEY), session = loadSession();
  const newer = session && session.cards && (!local || (+session.saved || 0) > (+local.saved || 0)) ? session : local;
  const P = { cards: cleanCards(newer && newer.cards) };
  function saveProgress() {
    const v = { format: 'xopsexport-progress', v: 1, saved: Date.now(), cards: P.cards };
    store(KEY, v);
    try { sessionStorage.setItem(KEY, JSON.stringify(v)); } catch (e) { /* the localStorage copy is the one that counts */ }
  }
  if (newer && newer === session) saveProgress();
  const ui = Object.assign({ role: '', theme: 'auto', shuffle: false, queue: 'due' }, load(UIKEY) || {});
  const saveUI = () => store(UIKEY, ui);
  if (!canStore) $('storage-note').hidden = false;

  // ---- dates: local calendar days as YYYY-MM-DD.
  const ymd = d => d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  const today = () => ymd(new Date());
  function addDays(days) { const d = new Date(); d.setHours(12, 0, 0, 0); d.setDate(d.getDate() + days); return ymd(d); }

  // ---- SM-2 (SuperMemo 2). Grades map to SM-2 qualities Again 1, Hard 3,
  // Good 4, Easy 5. A pass (3-5) adds one to the run of successes n: the
  // interval is 1 day, then 6 days, then the last interval times the ease;
  // the ease then moves by 0.1 - (5-q)(0.08 + (5-q)0.02) (Easy +0.10, Good
  // 0, Hard -0.14), never below 1.3. Again starts the run over without
  // touching the ease, and the card stays due today (it comes back in the
  // same session).
  const QUALITY = [0, 1, 3, 4, 5];
  function schedule(c, g) {
    const q = QUALITY[g];
    let ef = c ? c.ef : 2.5, n = c ? c.n : 0, iv = c ? c.iv : 0;
    if (q < 3) { n = 0; iv = 0; } else {
      n += 1;
      iv = n === 1 ? 1 : n === 2 ? 6 : Math.max(1, Math.round(iv * ef));
      ef = Math.max(1.3, ef + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02));
    }
    return { ef: Math.round(ef * 100) / 100, n, iv, due: addDays(iv) };
  }
  const status = q => {
    const c = P.cards[q.id];
    return { seen: !!c, due: !!c && c.due <= today(), known: !!c && c.iv >= 6, updated: !!c && !!c.h && c.h !== q.h };
  };
  function grade(i, g) {
    const q = Q[i], c = P.cards[q.id], s = schedule(c, g);
    P.cards[q.id] = Object.assign(s, { h: q.h, seen: (c ? c.seen : 0) + 1, g, last: Date.now() });
    saveProgress();
    refreshBadges(i);
  }
  const inRole = q => !ui.role || D.roles[q.r].id === ui.role;

  // ---- answers: blocks to elements, with search terms marked.
  let markRe = null;
  function text(parent, s) {
    if (!markRe || !s) { parent.append(s); return parent; }
    let last = 0;
    markRe.lastIndex = 0;
    for (let m; (m = markRe.exec(s));) {
      if (!m[0]) { markRe.lastIndex++; continue; }
      if (m.index > last) parent.append(s.slice(last, m.index));
      parent.append(el('mark', null, m[0]));
      last = m.index + m[0].length;
    }
    if (last < s.length) parent.append(s.slice(last));
    return parent;
  }
  function answer(parent, blocks) {
    if (!blocks.length) parent.append(el('p', { class: 'help' }, 'No answer is given for this question.'));
    for (const b of blocks) {
      switch (b[0]) {
        case 'h': parent.append(text(el('h4'), b[1])); break;
        case 'l': parent.append(el('ul', null, ...b[1].map(it => text(el('li'), it)))); break;
        case 'c': {
          const code = text(el('code'), b[1]);
          const lang = b[2] || '';
          parent.append(el('pre', { tabindex: 0, 'aria-label': lang ? 'Code (' + lang + ')' : 'Code' }, code));
          break;
        }
        case 't': {
          const [head, ...rows] = b[1];
          parent.append(el('div', { class: 'tablewrap', tabindex: 0, role: 'region', 'aria-label': 'Table' },
            el('table', null, el('thead', null, el('tr', null, ...head.map(c => text(el('th', { scope: 'col' }), c)))),
              rows.length ? el('tbody', null, ...rows.map(r => el('tr', null, ...r.map(c => text(el('td'), c))))) : null)));
          break;
        }
        default: parent.append(text(el('p'), b[1]));
      }
    }
    return parent;
  }
  // Plain text of a question for search: question and answer, lower case.
  const flat = q => (q.q + '\n' + q.a.map(b => (b[0] === 'l' ? b[1].join('\n') : b[0] === 't' ? b[1].map(r => r.join(' ')).join('\n') : b[1])).join('\n')).toLowerCase();
  let hay = null;

  // ---- Browse. Rows are built when first shown, and at most `limit`
  // matches are in the page at a time (more on request), so a deck of
  // 10,000 questions loads and searches as fast as a small one.
  const PAGE = 300;
  const list = $('list'), rows = [], sections = [];
  let matches = [], limit = PAGE;
  function badges(q) {
    const s = status(q), out = [];
    if (s.updated) out.push(el('span', { class: 'badge updated', title: 'Changed since you last graded it' }, 'updated'));
    if (s.due) out.push(el('span', { class: 'badge due' }, 'due'));
    else if (s.known) out.push(el('span', { class: 'badge known' }, 'known'));
    else if (s.seen) out.push(el('span', { class: 'badge' }, 'seen'));
    return out;
  }
  function refreshBadges(i) { const r = rows[i]; if (r) r.badges.replaceChildren(...badges(Q[i])); }
  function row(i) {
    if (rows[i]) return rows[i];
    const q = Q[i];
    const qt = el('span', { class: 'qt' }, q.q);
    const b = el('span', { class: 'badges' }, ...badges(q));
    const sum = el('summary', null, el('span', { class: 'num' }, 'Q' + q.n), qt, b);
    const body = el('div', { class: 'body' });
    const det = el('details', { class: 'q', id: q.id }, sum, body);
    det.addEventListener('toggle', () => { if (det.open) fill(i); });
    return (rows[i] = { det, qt, badges: b, body, filled: null, marked: '' });
  }
  function buildBrowse() {
    D.roles.forEach((role, ri) => {
      const count = el('span', { class: 'count' });
      const head = el('h2', { class: 'role-h', id: 'role-' + role.id }, role.name + ' ', count);
      const box = el('section', { 'aria-labelledby': 'role-' + role.id, class: 'role' }, head);
      sections.push({ box, head, count, role: ri, n: 0 });
    });
    const more = el('button', { type: 'button', id: 'more', hidden: true });
    more.addEventListener('click', () => { limit += PAGE; render(); });
    list.replaceChildren(...sections.map(s => s.box), more, ...(Q.length ? [] : [el('p', { class: 'help' }, 'This page has no questions.')]));
  }
  const markKey = () => (markRe ? markRe.source : '');
  // fill renders question i's answer (again when the search changed), when
  // it is open.
  function fill(i) {
    const r = rows[i], key = markKey();
    if (r.filled === key) return;
    r.filled = key;
    const q = Q[i];
    const meta = [D.roles[q.r].name + ' Q' + q.n];
    if (q.t && q.t.length) meta.push('topics: ' + q.t.join(', '));
    if (q.ch) meta.push('changed ' + q.ch);
    r.body.replaceChildren(answer(el('div', { class: 'answer' }), q.a),
      el('p', { class: 'links' }, meta.join(' · ') + ' · ', el('a', { href: '#' + q.id }, 'link to this question')));
  }
  const escRe = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let terms = [];
  // filter finds the questions of the role that hold every search word, in
  // the question or the answer.
  function filter() {
    const raw = $('search').value.trim().toLowerCase();
    terms = raw ? raw.split(/\s+/) : [];
    markRe = terms.length ? new RegExp(terms.map(escRe).join('|'), 'giu') : null;
    if (terms.length && !hay) hay = Q.map(flat);
    matches = [];
    for (let i = 0; i < Q.length; i++) {
      if (inRole(Q[i]) && terms.every(t => hay[i].includes(t))) matches.push(i);
    }
    limit = PAGE;
    render();
  }
  // place puts rows into their sections, after the ones already there.
  function place(idx) {
    const key = markKey();
    for (const i of idx) {
      const r = row(i);
      if (r.marked !== key) { r.qt.replaceChildren(); text(r.qt, Q[i].q); r.marked = key; }
      if (r.det.open) fill(i);
      sections[Q[i].r].box.append(r.det);
    }
  }
  // A keystroke places the first FIRST matches at once and the rest of the
  // page of matches in the next task, so results show without waiting for
  // rows below the fold; flush places the rest now.
  const FIRST = 100;
  let rest = null, restTimer = 0;
  function flush() { clearTimeout(restTimer); if (rest) { const r = rest; rest = null; place(r); } }
  function render() {
    clearTimeout(restTimer);
    rest = null;
    const shown = matches.slice(0, limit);
    for (const s of sections) { s.n = 0; s.box.replaceChildren(s.head); }
    for (const i of matches) sections[Q[i].r].n++;
    place(shown.slice(0, FIRST));
    if (shown.length > FIRST) { rest = shown.slice(FIRST); restTimer = setTimeout(flush, 0); }
    let total = 0;
    for (const s of sections) {
      const role = D.roles[s.role];
      if (!ui.role || role.id === ui.role) total += role.n;
      s.box.hidden = (!!ui.role && role.id !== ui.role) || (terms.length > 0 && s.n === 0);
      s.count.textContent = terms.length ? s.n + ' of ' + role.n : role.n + (role.n === 1 ? ' question' : ' questions');
    }
    const more = $('more'), left = matches.length - shown.length;
    more.hidden = left <= 0;
    more.textContent = 'Show ' + Math.min(left, PAGE) + ' more (' + left + ' not shown yet)';
    const n = matches.length;
    $('found').textContent = terms.length ? (n === 1 ? '1 question matches' : n + ' questions match') + (n ? '' : ': try fewer words') : total + ' questions';
  }
  const shownRows = () => matches.slice(0, limit);
  function openAll(open) { flush(); for (const i of shownRows()) { rows[i].det.open = open; if (open) fill(i); } }
  // reveal opens question id in Browse, clearing a filter that hides it.
  function reveal(id, focus) {
    const i = byId.get(id);
    if (i === undefined) return false;
    show('browse');
    if (!matches.includes(i)) {
      if (!inRole(Q[i])) { ui.role = ''; $('role').value = ''; saveUI(); }
      $('search').value = '';
      filter();
    }
    const at = matches.indexOf(i);
    if (at >= limit) { limit = at + 1; render(); }
    flush();
    const det = rows[i].det;
    det.open = true;
    fill(i);
    // Below the sticky header, not under it.
    const top = document.querySelector('.top'), sticky = getComputedStyle(top).position === 'sticky' ? top.offsetHeight : 0;
    window.scrollTo(0, det.getBoundingClientRect().top + window.scrollY - sticky - 8);
    if (focus) det.querySelector('summary').focus({ preventScroll: true });
    return true;
  }

  // ---- Flashcards.
  const card = { queue: [], pos: 0, flipped: false };
  function buildQueue() {
    const t = today();
    const mine = Q.map((q, i) => i).filter(i => inRole(Q[i]));
    let due = mine.filter(i => P.cards[Q[i].id] && P.cards[Q[i].id].due <= t);
    due.sort((a, b) => (P.cards[Q[a].id].due < P.cards[Q[b].id].due ? -1 : P.cards[Q[a].id].due > P.cards[Q[b].id].due ? 1 : a - b));
    const fresh = mine.filter(i => !P.cards[Q[i].id]);
    let q = ui.queue === 'all' ? mine.slice() : ui.queue === 'dueonly' ? due : due.concat(fresh);
    if (ui.shuffle) q = shuffled(q);
    card.queue = q; card.pos = 0;
    $('queue-count').textContent = due.length + ' due today · ' + fresh.length + ' new · ' + mine.length + ' in all';
    showCard();
  }
  function shuffled(a) {
    a = a.slice();
    for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(Math.random() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
    return a;
  }
  function showCard() {
    const done = card.pos >= card.queue.length;
    $('card-area').hidden = done;
    $('cards-done').hidden = !done;
    card.flipped = false;
    const c = $('card');
    c.classList.remove('flipped');
    c.style.transform = '';
    c.setAttribute('aria-expanded', 'false');
    for (const b of $('grades').querySelectorAll('button')) { b.disabled = true; b.querySelector('small').textContent = ''; }
    if (done) {
      const t = addDays(1), mine = Q.filter(inRole);
      const tomorrow = mine.filter(q => P.cards[q.id] && P.cards[q.id].due <= t && P.cards[q.id].due > today()).length;
      $('cards-done-text').textContent = !mine.length ? 'No cards for this role.' : card.queue.length ? 'Done for now. ' + tomorrow + ' cards are due tomorrow.' : 'Nothing is due today. ' + tomorrow + ' cards are due tomorrow.';
      $('study-all').hidden = ui.queue === 'all' || !mine.length;
      return;
    }
    const i = card.queue[card.pos], q = Q[i], s = status(q);
    const tags = [D.roles[q.r].name + ' Q' + q.n, 'card ' + (card.pos + 1) + ' of ' + card.queue.length, s.seen ? (s.due ? 'due' : 'seen') : 'new'];
    $('card-meta').replaceChildren(...tags.map(t => el('span', null, t)), ...(s.updated ? [el('span', { class: 'badge updated' }, 'updated')] : []));
    $('card-q').textContent = q.q;
    $('card-a').hidden = true;
    $('card-a').replaceChildren();
  }
  const fmtDays = d => (d === 0 ? 'today' : d === 1 ? '1 day' : d < 60 ? d + ' days' : Math.round(d / 30) + ' months');
  function flip() {
    if (card.flipped || card.pos >= card.queue.length) return;
    card.flipped = true;
    const q = Q[card.queue[card.pos]], c = P.cards[q.id];
    const a = $('card-a');
    answer(a, q.a);
    a.hidden = false;
    $('card').classList.add('flipped');
    $('card').setAttribute('aria-expanded', 'true');
    for (const b of $('grades').querySelectorAll('button')) {
      b.disabled = false;
      b.querySelector('small').textContent = fmtDays(schedule(c, +b.dataset.grade).iv);
    }
  }
  function gradeCard(g) {
    if (!card.flipped) return;
    const i = card.queue[card.pos];
    grade(i, g);
    // Again: the card comes back a few cards later in this session.
    if (g === 1) card.queue.splice(Math.min(card.queue.length, card.pos + 4), 0, i);
    card.pos++;
    showCard();
    $('card').focus({ preventScroll: true });
  }
  (function swipe() {
    const c = $('card');
    let x0 = null, y0 = 0, swiped = false;
    c.addEventListener('pointerdown', e => { x0 = e.clientX; y0 = e.clientY; swiped = false; });
    c.addEventListener('pointermove', e => {
      if (x0 === null || !card.flipped || e.pointerType === 'mouse') return;
      c.style.transform = 'translateX(' + Math.max(-80, Math.min(80, e.clientX - x0)) + 'px)';
    });
    const end = e => {
      if (x0 === null) return;
      const dx = e.clientX - x0, dy = e.clientY - y0;
      x0 = null;
      c.style.transform = '';
      if (card.flipped && Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(dy)) { swiped = true; gradeCard(dx < 0 ? 1 : 3); }
    };
    c.addEventListener('pointerup', end);
    c.addEventListener('pointercancel', () => { x0 = null; c.style.transform = ''; });
    c.addEventListener('click', () => { if (!swiped) flip(); swiped = false; });
  })();

  // ---- Quiz: rounds over the multiple-choice items, scored at the end.
  const quiz = { items: [], pos: 0, right: 0, missed: [], answered: false };
  const quizPool = () => D.quiz.filter(it => byId.has(it.id) && inRole(Q[byId.get(it.id)]));
  function quizSetup() {
    const n = quizPool().length;
    $('quiz-avail').textContent = n ? n + ' questions can be asked' : 'No multiple-choice questions for this role (a role needs at least two answers).';
    $('quiz-start').disabled = !n;
  }
  function startQuiz(items) {
    const len = +$('quiz-len').value;
    quiz.items = items || shuffled(quizPool()).slice(0, len || undefined);
    if (!quiz.items.length) return;
    Object.assign(quiz, { pos: 0, right: 0, missed: [] });
    $('quiz-end').hidden = true;
    $('quiz-run').hidden = false;
    showQuiz();
  }
  function showQuiz() {
    const it = quiz.items[quiz.pos], q = Q[byId.get(it.id)];
    quiz.answered = false;
    $('quiz-pos').textContent = 'Question ' + (quiz.pos + 1) + ' of ' + quiz.items.length + ' · ' + D.roles[q.r].name + ' Q' + q.n;
    $('quiz-q').textContent = it.p || q.q;
    $('quiz-opts').replaceChildren(...it.o.map((o, k) => {
      const b = el('button', { type: 'button', 'data-k': k }, el('kbd', null, String(k + 1)), el('span', null, D.options[o]));
      b.addEventListener('click', () => choose(k));
      return b;
    }));
    $('quiz-feedback').textContent = '';
    $('quiz-feedback').className = 'feedback';
    $('quiz-next').hidden = true;
    $('quiz-q').focus({ preventScroll: true });
  }
  function choose(k) {
    if (quiz.answered) return;
    quiz.answered = true;
    const it = quiz.items[quiz.pos], ok = k === it.c;
    const bs = $('quiz-opts').querySelectorAll('button');
    bs.forEach((b, j) => {
      b.disabled = true;
      if (j === it.c) { b.classList.add('right'); b.setAttribute('aria-label', 'Right answer: ' + D.options[it.o[j]]); }
      else if (j === k) { b.classList.add('wrong'); b.setAttribute('aria-label', 'Your answer: ' + D.options[it.o[j]]); }
    });
    if (ok) quiz.right++; else quiz.missed.push({ it, k });
    const fb = $('quiz-feedback');
    fb.textContent = ok ? 'Right.' : 'Not quite: the right answer is number ' + (it.c + 1) + ', marked in green.';
    fb.className = 'feedback ' + (ok ? 'ok' : 'bad');
    const next = $('quiz-next');
    next.hidden = false;
    next.firstChild.textContent = quiz.pos + 1 < quiz.items.length ? 'Next ' : 'See the score ';
    next.focus({ preventScroll: true });
  }
  function nextQuiz() {
    if (!quiz.answered) return;
    quiz.pos++;
    if (quiz.pos < quiz.items.length) { showQuiz(); return; }
    $('quiz-run').hidden = true;
    $('quiz-end').hidden = false;
    const n = quiz.items.length;
    $('quiz-score').textContent = 'Score: ' + quiz.right + ' of ' + n + ' (' + Math.round(100 * quiz.right / n) + ' %)';
    $('quiz-missed').replaceChildren(...(quiz.missed.length ? [el('h3', null, 'To review')] : [el('p', null, 'No mistakes. Well done.')]),
      ...quiz.missed.map(({ it, k }) => {
        const q = Q[byId.get(it.id)];
        return el('div', { class: 'missed' }, el('p', null, el('strong', null, q.q)),
          el('p', null, 'Your answer: ' + D.options[it.o[k]]), el('p', null, 'Right answer: ' + D.options[it.o[it.c]]),
          el('p', null, el('a', { href: '#' + q.id }, 'Read the full answer')));
      }));
    $('quiz-retry').hidden = !quiz.missed.length;
    $('quiz-score').focus({ preventScroll: true });
  }

  // ---- Progress.
  function refreshStats() {
    const tb = $('stats').tBodies[0];
    const row = (name, qs) => {
      let seen = 0, due = 0, known = 0, upd = 0;
      for (const q of qs) { const s = status(q); seen += s.seen; due += s.due; known += s.known; upd += s.updated; }
      return el('tr', null, el('td', null, name), ...[qs.length, seen, due, known, upd].map(v => el('td', null, String(v))));
    };
    tb.replaceChildren(...D.roles.map((r, ri) => row(r.name, Q.filter(q => q.r === ri))));
    const foot = $('stats').tFoot || $('stats').createTFoot();
    foot.replaceChildren(row('All', Q));
  }
  function refreshAll() { rows.forEach((r, i) => refreshBadges(i)); refreshStats(); }
  const msg = s => { $('progress-msg').textContent = s; };
  $('export').addEventListener('click', () => {
    const body = JSON.stringify({ format: 'xopsexport-progress', v: 1, exported: new Date().toISOString(), title: D.title, cards: P.cards }, null, 1);
    const a = el('a', { href: URL.createObjectURL(new Blob([body], { type: 'application/json' })), download: 'xops-progress-' + today() + '.json' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    msg('Exported ' + Object.keys(P.cards).length + ' cards to ' + a.download + '.');
  });
  $('import-file').addEventListener('change', e => {
    const f = e.target.files[0];
    if (!f) return;
    f.text().then(s => {
      let data;
      try { data = JSON.parse(s); } catch (err) { data = null; }
      if (!data || data.format !== 'xopsexport-progress' || typeof data.cards !== 'object') { msg('This file is not an exported xopsexport progress file.'); return; }
      const got = cleanCards(data.cards);
      let added = 0, here = 0;
      for (const id of Object.keys(got)) {
        const mine = P.cards[id];
        if (!mine || got[id].last > mine.last) { P.cards[id] = got[id]; added++; }
        if (byId.has(id)) here++;
      }
      saveProgress();
      refreshAll();
      buildQueue();
      msg('Imported ' + Object.keys(got).length + ' cards (' + here + ' on this page); ' + added + ' were newer than the ones kept here.');
    }).catch(err => msg('Could not read the file: ' + err.message));
    e.target.value = '';
  });
  $('reset').addEventListener('click', () => $('confirm').showModal());
  $('confirm-no').addEventListener('click', () => $('confirm').close());
  $('confirm-yes').addEventListener('click', () => {
    P.cards = Object.create(null);
    saveProgress();
    $('confirm').close();
    refreshAll();
    buildQueue();
    msg('All progress was reset.');
  });

  // ---- tabs, role filter, theme, keys, deep links.
  const TABS = ['browse', 'cards', 'quiz', 'progress'];
  let tab = 'browse';
  function show(name, focus) {
    tab = name;
    for (const t of TABS) {
      const b = $('t-' + t), on = t === name;
      b.setAttribute('aria-selected', on);
      b.tabIndex = on ? 0 : -1;
      $('p-' + t).hidden = !on;
    }
    if (focus) $('t-' + name).focus();
    if (name === 'cards' && !card.queue.length) buildQueue();
    if (name === 'quiz') quizSetup();
    if (name === 'progress') refreshStats();
  }
  TABS.forEach((t, k) => {
    const b = $('t-' + t);
    b.addEventListener('click', () => show(t));
    b.addEventListener('keydown', e => {
      const d = { ArrowRight: 1, ArrowLeft: -1, Home: -k, End: TABS.length - 1 - k }[e.key];
      if (d === undefined) return;
      e.preventDefault();
      show(TABS[(k + d + TABS.length) % TABS.length], true);
    });
  });
  const role = $('role');
  for (const r of D.roles) role.append(el('option', { value: r.id }, r.name + ' (' + r.n + ')'));
  if (!D.roles.some(r => r.id === ui.role)) ui.role = '';
  role.value = ui.role;
  role.addEventListener('change', () => { ui.role = role.value; saveUI(); filter(); buildQueue(); quizSetup(); });
  const THEMES = ['auto', 'light', 'dark'];
  function theme() {
    if (ui.theme === 'auto') delete document.documentElement.dataset.theme; else document.documentElement.dataset.theme = ui.theme;
    $('theme').textContent = 'Theme: ' + ui.theme;
  }
  $('theme').addEventListener('click', () => { ui.theme = THEMES[(THEMES.indexOf(ui.theme) + 1) % 3]; saveUI(); theme(); });
  $('search').addEventListener('input', filter);
  $('expand').addEventListener('click', () => openAll(true));
  $('collapse').addEventListener('click', () => openAll(false));
  $('queue').value = ui.queue;
  $('queue').addEventListener('change', () => { ui.queue = $('queue').value; saveUI(); buildQueue(); });
  $('shuffle').setAttribute('aria-pressed', ui.shuffle);
  $('shuffle').addEventListener('click', () => { ui.shuffle = !ui.shuffle; saveUI(); $('shuffle').setAttribute('aria-pressed', ui.shuffle); buildQueue(); });
  $('study-all').addEventListener('click', () => { ui.queue = 'all'; $('queue').value = 'all'; saveUI(); buildQueue(); });
  $('card').addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); flip(); } });
  for (const b of $('grades').querySelectorAll('button')) b.addEventListener('click', () => gradeCard(+b.dataset.grade));
  $('quiz-start').addEventListener('click', () => startQuiz());
  $('quiz-next').addEventListener('click', nextQuiz);
  $('quiz-retry').addEventListener('click', () => startQuiz(quiz.missed.map(m => m.it)));
  document.addEventListener('keydown', e => {
    if (e.altKey || e.ctrlKey || e.metaKey || $('confirm').open) return;
    const t = e.target, typing = /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName);
    if (typing) return;
    if (tab === 'cards') {
      if (e.key === ' ' && t.tagName !== 'BUTTON') { e.preventDefault(); flip(); }
      else if (/^[1-4]$/.test(e.key)) { e.preventDefault(); gradeCard(+e.key); }
    } else if (tab === 'quiz' && !$('quiz-run').hidden) {
      const k = +e.key - 1;
      if (k >= 0 && k < 9 && !quiz.answered && k < quiz.items[quiz.pos].o.length) { e.preventDefault(); choose(k); }
      else if (e.key === 'Enter' && quiz.answered && t.tagName !== 'BUTTON') { e.preventDefault(); nextQuiz(); }
    }
  });
  window.addEventListener('beforeprint', () => { if (limit < matches.length) { limit = matches.length; render(); } openAll(true); });
  const hashID = () => { try { return decodeURIComponent(location.hash.slice(1)); } catch (e) { return ''; } };
  window.addEventListener('hashchange', () => reveal(hashID(), true));
  // A link to the question already in the address bar fires no hashchange.
  document.addEventListener('click', e => {
    const a = e.target.closest && e.target.closest('a[href^="#"]');
    if (a && a.getAttribute('href') === location.hash) { e.preventDefault(); reveal(hashID(), true); }
  });

  theme();
  buildBrowse();
  filter();
  if (location.hash.length > 1) reveal(hashID(), true);
  // The search text of every question, made once the page is shown, so
  // that the first keystroke does not wait for it.
  setTimeout(() => { if (!hay) hay = Q.map(flat); }, 0);
})();
