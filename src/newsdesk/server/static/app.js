// The newsdesk page: collect articles, POST them to /v1/briefs, show the brief beside its
// sources; or list the stories of the server's store (/v1/stories) and show one story's brief
// (/v1/stories/{id}) with the same code, its copies listed as copies, never as sources. Every piece of text from a request or a response is put into the page as a text
// node (textContent), never parsed as HTML, so nothing in an article can run.
"use strict";

const FLAG_HELP = {
  degraded: "casing or punctuation lost: may support a claim, never quoted",
  lowercased: "arrived lower-cased",
  unpunctuated: "arrived without sentence punctuation",
  "furniture-removed": "captions, promos or other page furniture were removed",
};
const HTML_START = /^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])/i;

const form = document.getElementById("brief-form");
const articlesBox = document.getElementById("articles");
const fileInput = document.getElementById("file-input");
const dropZone = document.getElementById("drop-zone");
const fileList = document.getElementById("file-list");
const statusLine = document.getElementById("status");
const errorBox = document.getElementById("error");
const submitButton = document.getElementById("submit");
const resultBox = document.getElementById("result");
// Where the result lives in the write view; in the stories view it moves into the chosen
// story's place in the list (issue 26: not below every story), and comes back here.
const resultHome = document.createComment("the result's place in the write view");
resultBox.before(resultHome);
const layout = document.querySelector(".layout");

let droppedFiles = [];
let sourceTexts = new Map(); // article id -> {element, chars: the text as code points}
let currentBrief = null; // the last brief shown: what Copy and Download take

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// --- the form ---------------------------------------------------------------------------

function addArticleBox(text = "", label = "") {
  const box = el("div", "article-box");
  const head = el("div", "box-head");
  const title = el("span", "box-title");
  const source = el("input", "source-input");
  source.type = "text";
  source.placeholder = "Source label (optional)";
  source.value = label;
  source.setAttribute("aria-label", "Source label");
  const remove = el("button", "remove", "Remove");
  remove.type = "button";
  remove.addEventListener("click", () => {
    box.remove();
    renumberBoxes();
  });
  const read = el("label", "read-label", "Already read");
  const readBox = el("input", "read-input");
  readBox.type = "checkbox";
  read.prepend(readBox);
  head.append(title, source, read, remove);
  const area = el("textarea", "article-text");
  area.placeholder = "Paste the article's text (or its page's HTML)";
  area.value = text;
  box.append(head, area);
  articlesBox.append(box);
  renumberBoxes();
  return box;
}

function renumberBoxes() {
  articlesBox.querySelectorAll(".article-box").forEach((box, i) => {
    box.querySelector(".box-title").textContent = `Article ${i + 1}`;
    box.querySelector(".article-text").setAttribute("aria-label", `Article ${i + 1} text`);
  });
}

function addFiles(files) {
  for (const file of files) droppedFiles.push(file);
  showFiles();
}

function showFiles() {
  fileList.replaceChildren();
  droppedFiles.forEach((file, i) => {
    const item = el("li");
    const remove = el("button", "remove", "Remove");
    remove.type = "button";
    remove.addEventListener("click", () => {
      droppedFiles.splice(i, 1);
      showFiles();
    });
    item.append(el("span", null, `${file.name} (${file.size} bytes)`), remove);
    fileList.append(item);
  });
}

// Each box's text with its label: the one typed, else the box's own title ("Article 2"), so
// that the sources, the citations and any message about an article name it as its box does.
function pastedArticles() {
  const found = [];
  articlesBox.querySelectorAll(".article-box").forEach((box, i) => {
    const text = box.querySelector(".article-text").value;
    const label = box.querySelector(".source-input").value.trim() || `Article ${i + 1}`;
    const read = box.querySelector(".read-input").checked;
    if (text.trim()) found.push({ text, label, read });
  });
  return found;
}

// JSON when only pasted text; a multipart upload (pasted boxes as files) when files are dropped.
// The page shows the sections across the sources under the brief, so it asks for them
// (the API leaves the comparison out unless asked: it costs several times the brief).
// A question, and boxes marked "Already read" (sent as `seen`: the brief tells what the others
// add), go with JSON; dropped files then go as text too.
async function requestFor(pasted, words, summarizer, query) {
  if (droppedFiles.length === 0 || pasted.some((p) => p.read)) {
    const asArticle = ({ text, label }) => {
      const article = HTML_START.test(text) ? { html: text } : { text };
      if (label) article.source = label;
      return article;
    };
    const articles = pasted.filter((p) => !p.read).map(asArticle);
    articles.push(...(await droppedArticles()));
    const seen = pasted.filter((p) => p.read).map(asArticle);
    const request = { articles, words, summarizer, compare: true };
    if (seen.length) request.seen = seen;
    if (query) request.query = query;
    return {
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request),
    };
  }
  const data = new FormData();
  pasted.forEach(({ text, label }, i) => {
    const suffix = HTML_START.test(text) ? ".html" : ".txt";
    const name = (label || `pasted article ${i + 1}`) + suffix;
    data.append("files", new File([text], name, { type: "text/plain" }));
  });
  droppedFiles.forEach((file) => data.append("files", file, file.name));
  data.append("words", String(words));
  data.append("summarizer", summarizer);
  data.append("compare", "true");
  if (query) data.append("query", query);
  return { body: data };
}

// Every error body of the API is {"detail": "<message>"}; older servers sent a list.
function errorMessage(status, payload) {
  const detail = payload && payload.detail;
  if (Array.isArray(detail)) {
    return detail.map((d) => `${(d.loc || []).join(".")}: ${d.msg}`).join("; ");
  }
  return detail ? String(detail) : `the server answered ${status}`;
}

function setBusy(busy) {
  submitButton.disabled = busy;
  submitButton.textContent = busy ? "Writing…" : "Write the brief";
  form.setAttribute("aria-busy", String(busy));
  resultBox.setAttribute("aria-busy", String(busy));
  statusLine.classList.toggle("busy", busy);
}

async function submitBrief(event) {
  event.preventDefault();
  const pasted = pastedArticles();
  if (pasted.filter((p) => !p.read).length === 0 && droppedFiles.length === 0) {
    showError("Paste at least one article not marked as read, or drop a file.");
    return;
  }
  const words = Number(document.getElementById("words").value);
  const summarizer = document.getElementById("summarizer").value;
  const query = document.getElementById("query").value.trim();
  hideError();
  setBusy(true);
  setStatus("Writing the brief…");
  try {
    const response = await fetch("/v1/briefs", {
      method: "POST",
      ...(await requestFor(pasted, words, summarizer, query)),
    });
    const payload = await response.json().catch(() => null);
    if (!response.ok) {
      showError(`The brief could not be written: ${errorMessage(response.status, payload)}`);
      return;
    }
    showBrief(payload);
    const sources = payload.articles.length === 1 ? "1 source" : `${payload.articles.length} sources`;
    setStatus(`Brief of ${payload.words} words from ${sources}.`);
    // Bring the brief into view and move focus to it: on a phone it is below the form.
    resultBox.scrollIntoView({ block: "start", behavior: "auto" });
    document.getElementById("brief-heading").focus({ preventScroll: true });
  } catch (error) {
    showError(`Could not reach the server (${error.message}).`);
  } finally {
    setBusy(false);
  }
}

function setStatus(text) {
  statusLine.textContent = text;
}

// An error replaces the previous result: a stale brief under a new error would be taken
// for the answer to the new request.
function showError(text) {
  setStatus("");
  errorBox.textContent = text;
  errorBox.hidden = false;
  clearResult();
  errorBox.scrollIntoView({ block: "nearest" });
}

function hideError() {
  errorBox.hidden = true;
  errorBox.textContent = "";
}

function clearResult() {
  currentBrief = null;
  resultBox.hidden = true;
  document.getElementById("brief-story").hidden = true;
  document.getElementById("sources").replaceChildren();
  document.getElementById("sources-empty").hidden = false;
  sourceTexts = new Map();
}

// --- the result -------------------------------------------------------------------------

function showBrief(brief) {
  const numbers = new Map(brief.articles.map((a) => [a.id, a.number]));
  showSources(brief);

  const paragraph = document.getElementById("brief");
  paragraph.replaceChildren();
  brief.sentences.forEach((sentence, i) => {
    if (i > 0) paragraph.append(" ");
    paragraph.append(cited(el("span", "sentence", sentence.shown ?? sentence.text), markers(sentence.evidence, numbers)));
  });
  const empty = document.getElementById("empty");
  empty.hidden = brief.sentences.length > 0;
  empty.textContent = brief.sentences.length ? "" : whyNoBrief(brief);
  const count = brief.articles.length;
  const copies = storyCopies(brief).length;
  const reach = copies ? ` · ${copies === 1 ? "1 copy" : `${copies} copies`} (not sources)` : "";
  document.getElementById("brief-meta").textContent = brief.sentences.length
    ? `${brief.words} words · ${count === 1 ? "1 source" : `${count} sources`}${reach} · ` +
      brief.summarizer
    : "";
  const storyLine = document.getElementById("brief-story");
  storyLine.hidden = !brief.story;
  storyLine.textContent = brief.story ? `Story ${brief.story.id}: ${brief.story.headline}` : "";
  if (brief.story && brief.story.since) {
    // A story's "since" (issue 26, item 11): the brief tells what its later articles add.
    const read = brief.story.articles.filter((a) => a.read && a.copy_of === null).length;
    storyLine.textContent += ` · new since ${when(brief.story.since)}` +
      ` (${plural(read, "article", "articles")} before it counted as read)`;
  }
  currentBrief = brief;
  document.querySelector("#result .actions").hidden = brief.sentences.length === 0;

  const notes = brief.warnings.map((w) => `Warning: ${w}`);
  brief.skipped.forEach((s) => notes.push(`Skipped ${s.input}: ${s.reason}`));
  if (brief.removed.length) {
    notes.push(`Removed ${pieces(brief.removed.length)} of page furniture (captions, promos, ...).`);
  }
  fillList(document.getElementById("notes"), notes, (note) => el("li", null, note), null);

  const comparison = brief.comparison || {
    consensus: [], single_source: [], differences: [], timeline: [], notes: [],
  };
  const claim = (c) => {
    const item = el("li");
    if (c.about) item.append(el("span", "about", c.about));
    item.append(cited(el("span", null, c.text), markers(c.evidence, numbers)));
    return item;
  };
  fillList(document.getElementById("consensus"), comparison.consensus, claim, "None found.");
  fillList(document.getElementById("single-source"), comparison.single_source, claim, "None found.");
  fillList(document.getElementById("differences"), comparison.differences, (d) => {
    const item = el("li");
    item.append(el("span", "about", d.slot));
    d.values.forEach((v, i) => {
      if (i > 0) item.append(" · ");
      item.append(cited(el("span", "value", v.value), markers(v.evidence, numbers)));
    });
    return item;
  }, "None found.");
  fillList(document.getElementById("timeline"), comparison.timeline, (e) => {
    const item = el("li");
    const date = e.certain ? e.date : `${e.date} (inferred)`;
    item.append(el("span", "about", date), cited(el("span", null, e.text), markers(e.evidence, numbers)));
    return item;
  }, "None found.");
  fillList(document.getElementById("comparison-notes"), comparison.notes,
    (note) => el("li", null, note), null);

  resultBox.hidden = false;
}

// Said plainly: why a brief has no sentence, in the words of newsdesk.render.why_no_brief.
function whyNoBrief(brief) {
  const focus = brief.focus;
  if (focus && focus.seen_articles && focus.set_aside) {
    return "No brief: these articles state nothing the articles already read did not.";
  }
  const degraded = brief.articles.filter((a) => a.flags.includes("degraded")).length;
  if (brief.articles.length > 0 && degraded === brief.articles.length) {
    const which = brief.articles.length === 1 ? "the article" : "every article";
    return `No brief: ${which} arrived without capital letters or ` +
      "sentence punctuation, and newsdesk never quotes such text because it cannot tell " +
      "where its sentences end. Give a version of the article as it was published.";
  }
  return "No brief: no sentence of these articles can stand on its own in a brief " +
    "(headlines, captions and fragments are never shown). Give fuller articles.";
}

// --- taking the brief away: text with citations, Markdown, JSON ---------------------------
// The text and Markdown are what `newsdesk summarize` prints (without its notes).

function citationNumbers(brief, sentence) {
  const numbers = new Map(brief.articles.map((a) => [a.id, a.number]));
  return sentence.citations.map((id) => numbers.get(id)).sort((a, b) => a - b);
}

function flagNote(article) {
  return article.flags.length ? ` (${article.flags.join(", ")})` : "";
}

function briefAsText(brief) {
  const body = brief.sentences
    .map((s) => `${s.shown ?? s.text} ${citationNumbers(brief, s).map((n) => `[${n}]`).join("")}`)
    .join(" ");
  const sources = brief.articles.map((a) => `  [${a.number}] ${a.source}${flagNote(a)}`);
  return [body, "", "Sources:", ...sources].join("\n") + "\n";
}

function briefAsMarkdown(brief) {
  const body = brief.sentences
    .map((s) => `${s.shown ?? s.text}${citationNumbers(brief, s).map((n) => `[^${n}]`).join("")}`)
    .join(" ");
  const notes = brief.articles.map((a) => {
    const label = a.source.replace(/\[/g, "\\[").replace(/\]/g, "\\]");
    const link = a.url ? `[${label}](${a.url})` : label;
    return `[^${a.number}]: ${link}${flagNote(a)}`;
  });
  return [body, "", ...notes].join("\n") + "\n";
}

async function copy(text, what, thing = "the brief") {
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    // No clipboard API (a page served over plain HTTP from another host): the old way.
    const area = el("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    if (!copied) {
      setStatus("Could not copy: this browser does not allow it here.");
      return;
    }
  }
  setStatus(`Copied ${thing} (${what}).`);
}

function downloadJson(brief, name = `brief-${brief.story_id}.json`) {
  const blob = new Blob([JSON.stringify(brief, null, 2) + "\n"], { type: "application/json" });
  const link = el("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

function pieces(count) {
  return count === 1 ? "1 piece" : `${count} pieces`;
}

function fillList(list, items, render, emptyText) {
  list.replaceChildren();
  items.forEach((item) => list.append(render(item)));
  if (items.length === 0 && emptyText) list.append(el("li", "none", emptyText));
}

// One marker per cited article, in source order; each knows where its evidence is.
function markers(evidence, numbers) {
  const group = el("span", "markers");
  [...evidence]
    .sort((a, b) => numbers.get(a.article_id) - numbers.get(b.article_id))
    .forEach((e) => {
      const n = numbers.get(e.article_id);
      // The number is drawn by CSS ("[n]"): the text of a sentence that holds its markers
      // (see cited) stays the sentence's own.
      const button = el("button", "cite");
      button.type = "button";
      button.dataset.number = n;
      button.dataset.article = e.article_id;
      button.dataset.start = e.start;
      button.dataset.end = e.end;
      button.setAttribute("aria-label", `Source ${n}: show the supporting sentence`);
      button.addEventListener("mouseenter", () => highlight(button, false));
      button.addEventListener("focus", () => highlight(button, false));
      button.addEventListener("click", () => showEvidence(button));
      group.append(button);
    });
  return group;
}

// A text and its citation markers: the markers joined to its last word, so that a line never
// begins with a marker away from its sentence (issue 26). Returns the text's element.
function cited(textElement, marks) {
  const text = textElement.textContent;
  const cut = text.search(/\S+\s*$/);
  const keep = el("span", "keep", text.slice(Math.max(cut, 0)));
  keep.append(marks);
  textElement.replaceChildren(text.slice(0, Math.max(cut, 0)), keep);
  return textElement;
}

// --- the evidence of a citation, beside its marker ---------------------------------------
// A click shows the supporting sentence right under the sentence that cites it (on a phone
// the sources are far below: the reader stays where they read), with a way to its place in
// the article and back.

const evidence = el("span", "evidence");
evidence.id = "evidence";
evidence.setAttribute("role", "group");
let evidenceFor = null; // the marker whose evidence is shown

function showEvidence(button) {
  const source = sourceTexts.get(button.dataset.article);
  if (!source) return;
  highlight(button, false);
  evidenceFor = button;
  const quote = source.chars.slice(Number(button.dataset.start), Number(button.dataset.end));
  const show = el("button", "secondary", "Show in the article");
  show.type = "button";
  show.addEventListener("click", () => showInArticle(button));
  const close = el("button", "secondary", "Close");
  close.type = "button";
  close.addEventListener("click", () => closeEvidence(true));
  const actions = el("span", "evidence-actions");
  actions.append(show, close);
  evidence.setAttribute("aria-label", `Evidence from source ${button.dataset.number}`);
  evidence.replaceChildren(
    el("span", "evidence-source", `[${button.dataset.number}] ${source.label}`),
    el("q", "evidence-text", quote.join("")),
    actions,
  );
  const sentence = button.closest(".sentence");
  if (sentence) sentence.after(evidence); // in the brief's paragraph, or a checked sentence
  else button.closest("li").append(evidence); // a claim, a difference, an event
  evidence.scrollIntoView({ block: "nearest", inline: "nearest", behavior: "auto" });
}

function closeEvidence(refocus) {
  evidence.remove();
  if (refocus && evidenceFor) evidenceFor.focus({ preventScroll: true });
}

// The supporting sentence in its article (the sources panel), and a way back to the marker.
function showInArticle(button) {
  highlight(button, true);
  document.querySelectorAll(".back-to-brief").forEach((b) => b.remove());
  const back = el("button", "secondary back-to-brief", "Back to the brief");
  back.type = "button";
  back.addEventListener("click", () => {
    back.remove();
    button.scrollIntoView({ block: "center", inline: "nearest", behavior: "auto" });
    button.focus({ preventScroll: true });
  });
  sourceTexts.get(button.dataset.article).element.before(back);
  back.focus({ preventScroll: true });
}

function showSources(brief) {
  closeEvidence(false);
  const list = document.getElementById("sources");
  list.replaceChildren();
  sourceTexts = new Map();
  const removed = new Map();
  brief.removed.forEach((r) => removed.set(r.article_id, (removed.get(r.article_id) || 0) + 1));
  const copiesOf = new Map(); // brief article id -> outlets that carried a copy of it
  storyCopies(brief).forEach(({ copy, original }) => {
    if (!original) return;
    const outlets = copiesOf.get(original.article_id) || [];
    outlets.push(copy.source || copy.id);
    copiesOf.set(original.article_id, outlets);
  });
  brief.articles.forEach((article) => {
    const item = el("li", "source");
    item.id = `source-${article.number}`;
    item.dataset.article = article.id;
    const head = el("div", "source-head", `[${article.number}] ${article.source}`);
    article.flags.forEach((flag) => {
      const badge = el("span", "flag", flag);
      badge.title = FLAG_HELP[flag] || flag;
      head.append(badge);
    });
    const meta = [`${article.words} words`];
    if (article.title && article.title !== article.source) meta.push(article.title);
    if (article.published) meta.push(`published ${article.published}`);
    if (article.url) meta.push(article.url); // shown, never linked: it comes from the request
    if (removed.get(article.id)) meta.push(`${pieces(removed.get(article.id))} of furniture removed`);
    const carriers = copiesOf.get(article.id) || [];
    if (carriers.length) meta.push(`also carried by ${carriers.join(", ")} (copies)`);
    const text = el("div", "source-text", article.text);
    item.append(head, el("div", "source-meta", meta.join(" · ")), text);
    list.append(item);
    // Offsets count code points (Python's str), not UTF-16 units: index an array of them.
    sourceTexts.set(article.id, {
      element: text,
      chars: Array.from(article.text),
      label: article.source,
    });
  });
  // A story's copies: listed after its sources, unnumbered and never cited.
  const numbers = new Map(brief.articles.map((a) => [a.id, a.number]));
  storyCopies(brief).forEach(({ copy, original }) => {
    const item = el("li", "source copy");
    const n = original && numbers.get(original.article_id);
    const of = n ? `[${n}] ${original.source || original.id}` : "an article of the story";
    const head = el("div", "source-head", copy.source || copy.id);
    head.append(el("span", "flag copy-flag", "copy"));
    const meta = [`${copy.copy_kind || "copy"} of ${of}`];
    if (copy.title) meta.push(copy.title);
    if (copy.published) meta.push(`published ${copy.published}`);
    if (copy.url) meta.push(copy.url); // shown, never linked
    item.append(head, el("div", "source-meta", meta.join(" · ")));
    list.append(item);
  });
  // With a story's "since": the articles before it, read, neither numbered nor cited.
  if (brief.story && brief.story.since) {
    brief.story.articles.filter((a) => a.read && a.copy_of === null).forEach((article) => {
      const item = el("li", "source copy read");
      const head = el("div", "source-head", article.source || article.id);
      head.append(el("span", "flag copy-flag", "read"));
      const meta = [`before ${when(brief.story.since)}: counted as read`];
      if (article.title) meta.push(article.title);
      meta.push(`published ${when(article.published_at)}`);
      item.append(head, el("div", "source-meta", meta.join(" · ")));
      list.append(item);
    });
  }
  const skipped = brief.skipped.map((s) => `Not used: ${s.input} (${s.reason})`);
  skipped.forEach((line) => list.append(el("li", "source", line)));
  document.getElementById("sources-empty").hidden = true;
}

// The copies of a story's brief (none for a brief of pasted articles), each with the stored
// article it copies: {copy, original}.
function storyCopies(brief) {
  if (!brief.story) return [];
  const bySeq = new Map(brief.story.articles.map((a) => [a.seq, a]));
  return brief.story.articles
    .filter((a) => a.copy_of !== null && a.copy_of !== undefined)
    .map((copy) => ({ copy, original: bySeq.get(copy.copy_of) }));
}

function highlight(button, scroll) {
  const source = sourceTexts.get(button.dataset.article);
  if (!source) return;
  const start = Number(button.dataset.start);
  const end = Number(button.dataset.end);
  document.querySelectorAll(".cite.active").forEach((b) => b.classList.remove("active"));
  document.querySelectorAll(".source.current").forEach((s) => s.classList.remove("current"));
  sourceTexts.forEach(({ element, chars }) => {
    if (element.querySelector("mark")) element.textContent = chars.join("");
  });
  const mark = el("mark", "support", source.chars.slice(start, end).join(""));
  source.element.replaceChildren(
    source.chars.slice(0, start).join(""),
    mark,
    source.chars.slice(end).join(""),
  );
  button.classList.add("active");
  source.element.closest(".source").classList.add("current");
  // Vertically only: the page never scrolls sideways.
  if (scroll) mark.scrollIntoView({ block: "center", inline: "nearest", behavior: "auto" });
}

// --- check a draft ----------------------------------------------------------------------

const VERDICT_HELP = {
  supported: "a source states it",
  partly: "some of it is in no source",
  unsupported: "no source states it",
  contradicted: "a source states something different",
};

// The articles of the form (pasted boxes and dropped files) as JSON articles.
async function formArticles() {
  const articles = pastedArticles().map(({ text, label }) => {
    const article = HTML_START.test(text) ? { html: text } : { text };
    if (label) article.source = label;
    return article;
  });
  return [...articles, ...(await droppedArticles())];
}

async function droppedArticles() {
  const articles = [];
  for (const file of droppedFiles) {
    const text = await file.text();
    const html = /\.html?$/i.test(file.name) || HTML_START.test(text);
    articles.push(html ? { html: text, source: file.name } : { text, source: file.name });
  }
  return articles;
}

async function submitCheck(event) {
  event.preventDefault();
  const status = document.getElementById("check-status");
  const button = document.getElementById("check-submit");
  const draft = document.getElementById("draft").value;
  const articles = await formArticles();
  const say = (text, isError = false) => {
    status.textContent = text;
    status.classList.toggle("error", isError);
  };
  if (!draft.trim() || articles.length === 0) {
    say("Paste a draft and at least one article to check it against.", true);
    return;
  }
  button.disabled = true;
  say("Checking the draft…");
  try {
    const response = await fetch("/v1/checks", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ draft, articles }),
    });
    const payload = await response.json().catch(() => null);
    if (!response.ok) {
      say(`Error: ${errorMessage(response.status, payload)}`, true);
      return;
    }
    showCheck(payload);
    const counts = Object.entries(payload.verdicts).map(([v, n]) => `${n} ${v}`).join(", ");
    say(`${payload.sentences.length} sentences: ${counts}.`);
  } catch (error) {
    say(`Error: could not reach the server (${error.message}).`, true);
  } finally {
    button.disabled = false;
  }
}

let currentCheck = null; // the last check report shown: what Copy report and Download take

// The report as `newsdesk check` prints it: each sentence with its verdict, sources and
// problems, the tally, the sources.
function checkAsText(result) {
  const numbers = new Map(result.articles.map((a) => [a.id, a.number]));
  const lines = [];
  result.sentences.forEach((s) => {
    const marks = [...new Set(s.citations.map((id) => numbers.get(id)))].sort((a, b) => a - b);
    lines.push(`${s.verdict.toUpperCase()}: ${s.text} ${marks.map((n) => `[${n}]`).join("")}`.trimEnd());
    s.problems.forEach((p) => lines.push(`    - ${p}`));
  });
  const counts = Object.entries(result.verdicts).map(([v, n]) => `${n} ${v}`).join(", ");
  lines.push("", `${plural(result.sentences.length, "sentence", "sentences")}: ${counts}`, "");
  lines.push("Sources:", ...result.articles.map((a) => `  [${a.number}] ${a.source}${flagNote(a)}`));
  return lines.join("\n") + "\n";
}

function showCheck(result) {
  currentCheck = result;
  const numbers = new Map(result.articles.map((a) => [a.id, a.number]));
  showSources(result);
  const list = document.getElementById("checked");
  list.replaceChildren();
  result.sentences.forEach((s) => {
    const item = el("li", `checked-sentence verdict-${s.verdict}`);
    const badge = el("span", "verdict", s.verdict);
    badge.title = VERDICT_HELP[s.verdict] || s.verdict;
    item.append(badge, cited(el("span", "sentence", s.text), markers(s.evidence, numbers)));
    if (s.problems.length) {
      const problems = el("ul", "problems");
      s.problems.forEach((p) => problems.append(el("li", null, p)));
      item.append(problems);
    }
    list.append(item);
  });
  document.getElementById("check-result").hidden = false;
}

document.getElementById("check-form").addEventListener("submit", submitCheck);
document.getElementById("copy-check").addEventListener("click", () => {
  if (currentCheck) copy(checkAsText(currentCheck), "check report", "the check report");
});
document.getElementById("download-check").addEventListener("click", () => {
  if (currentCheck) downloadJson(currentCheck, `check-${currentCheck.story_id}.json`);
});

// --- the stories of the server's store --------------------------------------------------

const storiesStatus = document.getElementById("stories-status");
const storyList = document.getElementById("story-list");
const storiesNone = document.getElementById("stories-none");
const shownIn = { write: null, stories: null }; // the brief each view showed last
let view = "write";
let storyRequest = 0; // only the answer to the latest request is shown

function sayStories(text, isError = false, busy = false) {
  storiesStatus.textContent = text;
  storiesStatus.classList.toggle("error", isError);
  storiesStatus.classList.toggle("busy", busy);
}

// "2026-11-26T04:54:51+00:00" -> "2026-11-26 04:54 UTC"; anything else as it came.
function when(time) {
  const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d(\.\d+)?)?(\+00:00|Z)$/.exec(time || "");
  return match ? `${match[1]} ${match[2]} UTC` : String(time || "?");
}

function plural(count, one, many) {
  return count === 1 ? `1 ${one}` : `${count} ${many}`;
}

const MAX_OUTLETS = 6;

function storyItem(story) {
  const item = el("li", "story-item");
  const open = el("button", "story-open", story.headline || `Story ${story.id}`);
  open.type = "button";
  open.dataset.story = story.id;
  open.addEventListener("click", () => openStory(story.id, open));
  const outlets = story.outlets.slice(0, MAX_OUTLETS).join(", ") +
    (story.outlets.length > MAX_OUTLETS ? ` and ${story.outlets.length - MAX_OUTLETS} more` : "");
  const counts = [
    `Story ${story.id}`,
    plural(story.articles, "article", "articles"),
    plural(story.copies, "copy", "copies"),
    `first published ${when(story.first_published)}`,
    `last published ${when(story.last_published)}`,
  ];
  const meta = el("div", "story-meta");
  counts.forEach((part, i) => {
    if (i > 0) meta.append(" · ");
    meta.append(el("span", "part", part)); // a part wraps whole, never mid-date
  });
  // The note wraps as prose: kept inside the last date's part it was wider than a phone.
  if (story.time_estimated) meta.append(" (times added: no article says when it was published)");
  item.append(
    open,
    el("div", "story-outlets", `${plural(story.outlets.length, "outlet", "outlets")}: ${outlets}`),
    meta,
  );
  return item;
}

// The story shown last, in its place again when the list comes back (if it is still listed).
function reopen(brief) {
  if (!brief || !brief.story || view !== "stories") return;
  const open = [...storyList.querySelectorAll(".story-open")]
    .find((b) => b.dataset.story === String(brief.story.id));
  if (!open) return;
  open.setAttribute("aria-current", "true");
  showBrief(brief);
  listing(false);
  placeStory(open);
}

// The list alone takes the width until a story is open (no empty sources panel beside it).
function listing(alone) {
  layout.classList.toggle("listing", alone);
  if (alone) {
    layout.classList.remove("detail");
    resultHome.after(resultBox);
  }
}

// Master-detail (issue 26, item 10): on a desktop the list keeps its own column and the open
// story stands beside it (its sources in the third); on a phone the story opens in the list's
// place, under its headline.
const wide = window.matchMedia("(min-width: 901px)");

function placeStory(button) {
  if (wide.matches) {
    resultHome.after(resultBox);
    layout.classList.add("detail");
  } else {
    layout.classList.remove("detail");
    button.closest(".story-item").append(resultBox);
  }
}

wide.addEventListener("change", () => {
  const open = storyList.querySelector(".story-open[aria-current='true']");
  if (view === "stories" && open && !resultBox.hidden) placeStory(open);
});

const storiesMore = document.getElementById("stories-more");
let storiesShown = 0;

// The first page of stories, or (more) the next page added below those shown (an open
// story stays open then).
async function loadStories(more) {
  const request = ++storyRequest;
  const offset = more === true ? storiesShown : 0;
  if (offset === 0) {
    listing(true);
    clearResult();
  }
  storiesNone.hidden = true;
  storiesMore.hidden = true;
  sayStories("Reading the stories…", false, true);
  try {
    const filters = new URLSearchParams();
    const since = document.getElementById("stories-since").value;
    const least = document.getElementById("stories-min-sources").value;
    if (since) filters.set("since", since);
    if (least !== "1") filters.set("min_sources", least);
    const query = new URLSearchParams(filters);
    if (offset > 0) query.set("offset", String(offset));
    const response = await fetch(`/v1/stories${query.size ? `?${query}` : ""}`);
    const payload = await response.json().catch(() => null);
    if (request !== storyRequest) return;
    if (offset === 0) {
      storyList.replaceChildren();
      storiesShown = 0;
    }
    if (response.status === 404) {
      // No store behind this server (or a server without the desk): said plainly.
      sayStories("");
      const detail = payload && typeof payload.detail === "string" ? payload.detail : "";
      storiesNone.textContent = detail && detail !== "Not Found"
        ? `No stories: ${detail}.`
        : "No stories: this server does not keep a store of stories.";
      storiesNone.hidden = false;
      return;
    }
    if (!response.ok) {
      sayStories(`The stories could not be read: ${errorMessage(response.status, payload)}`, true);
      return;
    }
    payload.stories.forEach((story) => storyList.append(storyItem(story)));
    storiesShown += payload.stories.length;
    if (offset === 0) reopen(shownIn.stories);
    if (storiesShown === 0 && filters.size) {
      storiesNone.textContent = "No story matches these filters.";
      storiesNone.hidden = false;
      sayStories("");
    } else if (storiesShown === 0) {
      storiesNone.replaceChildren(
        "No stories yet: the store is empty. Add articles with ",
        el("code", null, "newsdesk add --db PATH FILE..."),
        " or ",
        el("code", null, "POST /v1/articles"),
        ".",
      );
      storiesNone.hidden = false;
      sayStories("");
    } else {
      const total = typeof payload.total === "number" ? payload.total : storiesShown;
      sayStories(storiesShown < total
        ? `${storiesShown} of ${plural(total, "story", "stories")}, latest first.`
        : `${plural(storiesShown, "story", "stories")}, latest first.`);
      storiesMore.hidden = payload.next_offset === null || payload.next_offset === undefined;
    }
  } catch (error) {
    if (request === storyRequest) sayStories(`Could not reach the server (${error.message}).`, true);
  }
}

async function openStory(id, button) {
  const request = ++storyRequest;
  storyList.querySelectorAll(".story-open").forEach((b) => b.removeAttribute("aria-current"));
  button.setAttribute("aria-current", "true");
  sayStories(`Writing the brief of story ${id}…`, false, true);
  resultBox.setAttribute("aria-busy", "true");
  try {
    const query = new URLSearchParams({ compare: "true" });
    const since = document.getElementById("story-since").value.trim();
    if (since) query.set("since", since);
    const response = await fetch(`/v1/stories/${encodeURIComponent(id)}?${query}`);
    const payload = await response.json().catch(() => null);
    if (request !== storyRequest || view !== "stories") return;
    if (!response.ok) {
      clearResult();
      sayStories(`The brief of story ${id} could not be written: ` +
        errorMessage(response.status, payload), true);
      return;
    }
    const noBrief = payload.story && payload.story.no_brief;
    if (noBrief) {
      // Listed, so it opens: with the reason it has no brief (its articles leave nothing).
      listing(true);
      clearResult();
      sayStories(`Story ${id} has no brief: ${noBrief}.`);
      return;
    }
    showBrief(payload);
    shownIn.stories = payload;
    listing(false);
    placeStory(button); // beside the list, or in its place on a phone
    sayStories(`Story ${id}: brief of ${payload.words} words from ` +
      `${plural(payload.articles.length, "source", "sources")}.`);
    if (!wide.matches) resultBox.scrollIntoView({ block: "start", behavior: "auto" });
    document.getElementById("brief-heading").focus({ preventScroll: true });
  } catch (error) {
    if (request === storyRequest) sayStories(`Could not reach the server (${error.message}).`, true);
  } finally {
    if (request === storyRequest) resultBox.setAttribute("aria-busy", "false");
  }
}

// Two views over one result and one sources panel: each view gets back the brief it showed.
function showView(next) {
  if (next === view) return;
  shownIn[view] = currentBrief;
  view = next;
  const stories = next === "stories";
  document.getElementById("view-write").setAttribute("aria-pressed", String(!stories));
  document.getElementById("view-stories").setAttribute("aria-pressed", String(stories));
  form.hidden = stories;
  document.getElementById("check-form").hidden = stories;
  document.getElementById("check-result").hidden =
    stories || document.getElementById("checked").childElementCount === 0;
  document.getElementById("stories-view").hidden = !stories;
  listing(false);
  if (shownIn[next] && !stories) showBrief(shownIn[next]);
  else clearResult();
  history.replaceState(null, "", stories ? "#stories" : location.pathname + location.search);
  if (stories) loadStories();
}

document.getElementById("view-write").addEventListener("click", () => showView("write"));
document.getElementById("view-stories").addEventListener("click", () => showView("stories"));
document.getElementById("stories-refresh").addEventListener("click", () => loadStories(false));
["stories-since", "stories-min-sources"].forEach((id) => {
  document.getElementById(id).addEventListener("change", () => loadStories(false));
});
// A story's "since": the open story again, told from that time (empty: the whole story).
document.getElementById("story-since").addEventListener("change", () => {
  const open = storyList.querySelector(".story-open[aria-current='true']");
  if (open) openStory(open.dataset.story, open);
});
storiesMore.addEventListener("click", () => loadStories(true));

// --- start ------------------------------------------------------------------------------

async function loadSummarizers() {
  try {
    const response = await fetch("/v1/summarizers");
    const data = await response.json();
    const select = document.getElementById("summarizer");
    select.replaceChildren();
    data.summarizers.forEach(({ name, resolves_to }) => {
      const option = el("option", null, name === resolves_to ? name : `${name} (${resolves_to})`);
      option.value = name;
      option.selected = name === data.default;
      select.append(option);
    });
  } catch (error) {
    // The default stays selectable; the brief request will say what is wrong, if anything.
  }
}

document.getElementById("add-article").addEventListener("click", () => {
  addArticleBox().querySelector("textarea").focus();
});
fileInput.addEventListener("change", () => {
  addFiles(fileInput.files);
  fileInput.value = "";
});
["dragenter", "dragover"].forEach((type) => dropZone.addEventListener(type, (event) => {
  event.preventDefault();
  dropZone.classList.add("over");
}));
["dragleave", "drop"].forEach((type) => dropZone.addEventListener(type, () => {
  dropZone.classList.remove("over");
}));
dropZone.addEventListener("drop", (event) => {
  event.preventDefault();
  addFiles(event.dataTransfer.files);
});
form.addEventListener("submit", submitBrief);
document.getElementById("copy-text").addEventListener("click", () => {
  if (currentBrief) copy(briefAsText(currentBrief), "text with citations");
});
document.getElementById("copy-markdown").addEventListener("click", () => {
  if (currentBrief) copy(briefAsMarkdown(currentBrief), "Markdown");
});
document.getElementById("download-json").addEventListener("click", () => {
  if (currentBrief) downloadJson(currentBrief);
});

addArticleBox();
addArticleBox();
loadSummarizers();
if (location.hash === "#stories") showView("stories");
