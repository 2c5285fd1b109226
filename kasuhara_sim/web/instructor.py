"""The instructor's live view: one page for a projector, redrawn from ``/instructor/state.json`` every few seconds.

Large type, high contrast, no external fonts or scripts (a training room's network may reach nothing else). The
labels come from ``strings.Live``; the page only lays out what ``reports.live.state`` says.
"""

from __future__ import annotations

import json
from html import escape

from kasuhara_sim import strings as S
from kasuhara_sim.strings import Live as L

CSS = """
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif; margin: 0; padding: 20px 32px;
       background: #fff; color: #111; font-size: 22px; line-height: 1.45; }
h1 { font-size: 34px; margin: 0 0 4px; }
h2 { font-size: 26px; margin: 22px 0 8px; border-bottom: 3px solid #111; }
.meta { color: #444; margin: 0; }
.weak { border: 4px solid #b00020; border-radius: 8px; padding: 10px 18px; margin-top: 14px; font-size: 26px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #ccc; vertical-align: middle; }
th { background: #eef0f3; font-size: 19px; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.anger { display: inline-block; width: 160px; height: 18px; background: #e5e5e5; vertical-align: middle; margin-right: 8px; }
.anger span { display: block; height: 100%; }
.pass { color: #0a6b2f; font-weight: 700; } .fail { color: #b00020; font-weight: 700; }
.stale { color: #777; }
#offline { display: none; background: #b00020; color: #fff; padding: 8px 16px; margin: 8px 0; }
"""

SCRIPT = """
const L = JSON.parse(document.getElementById('labels').textContent);
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const idle = s => s < 60 ? L.idle_seconds.replace('{n}', s) : L.idle_minutes.replace('{n}', Math.floor(s / 60));
const hm = t => t ? new Date(t).toLocaleTimeString('ja-JP', {hour: '2-digit', minute: '2-digit'}) : '';
function angerCell(a) {
  if (a === null || a === undefined) return L.anger_none;
  const colour = a >= 70 ? '#b00020' : a >= 40 ? '#b36b00' : '#0a6b2f';
  return `<span class="anger" aria-hidden="true"><span style="width:${a}%;background:${colour}"></span></span>${a}`;
}
function draw(st) {
  document.getElementById('summary').textContent = L.summary.replace('{trainees}', st.trainees)
    .replace('{runs}', st.runs).replace('{finished}', st.finished_count).replace('{playing}', st.playing.length);
  const w = st.weakest;
  document.getElementById('weak').textContent = w ? L.weakest.replace('{label}', w.label).replace('{mean}', w.mean)
                                                   : L.weakest_none;
  document.getElementById('playing').innerHTML = st.playing.length ? st.playing.map(p =>
    `<tr class="${p.idle_seconds > 600 ? 'stale' : ''}"><td>${esc(p.trainee)}</td><td>${esc(p.title)}</td>` +
    `<td>${esc(p.mode_label)}</td><td class="n">${p.turn}</td><td>${angerCell(p.anger)}</td>` +
    `<td>${idle(p.idle_seconds)}</td></tr>`).join('') : `<tr><td colspan="6">${esc(L.nobody)}</td></tr>`;
  document.getElementById('finished').innerHTML = st.finished.length ? st.finished.map(f => {
    const total = f.status === 'finished' && f.total !== null ? `${f.total} ${esc(f.grade || '')}` : L.no_total;
    const mark = f.passed === null ? '' : f.passed ? `<span class="pass">${esc(L.passed[1])}</span>`
                                                    : `<span class="fail">${esc(L.passed[0])}</span>`;
    return `<tr><td>${hm(f.ended_at)}</td><td>${esc(f.trainee)}</td><td>${esc(f.title)}</td>` +
           `<td>${esc(f.mode_label)}</td><td>${esc(f.result)}</td><td class="n">${total}</td><td>${mark}</td></tr>`;
  }).join('') : `<tr><td colspan="7">${esc(L.nobody)}</td></tr>`;
  document.getElementById('updated').textContent = L.updated.replace('{at}', new Date().toLocaleTimeString('ja-JP'));
}
async function poll() {
  try {
    const r = await fetch('instructor/state.json', {cache: 'no-store', credentials: 'same-origin'});
    if (!r.ok) throw new Error(r.status);
    const st = await r.json();
    document.getElementById('offline').style.display = 'none';
    if (st.error) { document.getElementById('offline').textContent = st.error;
                    document.getElementById('offline').style.display = 'block'; return; }
    draw(st);
  } catch (e) {
    document.getElementById('offline').textContent = L.disconnected;
    document.getElementById('offline').style.display = 'block';
  }
}
poll();
setInterval(poll, POLL_MS);
"""


def _head(cells) -> str:
    return "".join(f"<th>{escape(c)}</th>" for c in cells)


def page(session: str | None, poll_seconds: int) -> str:
    labels = {k: getattr(L, k) for k in ("summary", "weakest", "weakest_none", "anger_none", "idle_seconds",
                                         "idle_minutes", "no_total", "nobody", "updated", "disconnected")}
    labels["passed"] = [S.Results.passed[False], S.Results.passed[True]]
    title = L.title + (L.session.format(session=session) if session else "")
    data = json.dumps(labels, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>
<style>{CSS}</style></head><body>
<h1>{escape(title)}</h1><p class="meta" id="summary"></p><p class="meta" id="updated"></p>
<div id="offline" role="alert"></div>
<div class="weak" id="weak" aria-live="polite"></div>
<h2>{escape(L.playing)}</h2>
<table><thead><tr>{_head(L.playing_header)}</tr></thead><tbody id="playing"></tbody></table>
<h2>{escape(L.finished)}</h2>
<table><thead><tr>{_head(L.finished_header)}</tr></thead><tbody id="finished"></tbody></table>
<script type="application/json" id="labels">{data}</script>
<script>{SCRIPT.replace("POLL_MS", str(poll_seconds * 1000))}</script>
</body></html>"""
