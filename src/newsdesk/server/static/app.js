// The newsdesk page: collect articles, POST them to /v1/briefs, show the brief beside its
// sources. Every piece of text from a request or a response is put into the page as a text
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
const submitButton = document.getElementById("submit");

let droppedFiles = [];
let sourceTexts = new Map(); // article id -> {element, chars: the text as code points}

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
  head.append(title, source, remove);
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

function pastedArticles() {
  const found = [];
  articlesBox.querySelectorAll(".article-box").forEach((box) => {
    const text = box.querySelector(".article-text").value;
    const label = box.querySelector(".source-input").value.trim();
    if (text.trim()) found.push({ text, label });
  });
  return found;
}

// JSON when only pasted text; a multipart upload (pasted boxes as files) when files are dropped.
function requestFor(pasted, words, summarizer) {
  if (droppedFiles.length === 0) {
    const articles = pasted.map(({ text, label }) => {
      const article = HTML_START.test(text) ? { html: text } : { text };
      if (label) article.source = label;
      return article;
    });
    return {
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ articles, words, summarizer }),
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
  return { body: data };
}

function errorMessage(status, payload) {
  const detail = payload && payload.detail;
  if (Array.isArray(detail)) {
    return detail.map((d) => `${(d.loc || []).join(".")}: ${d.msg}`).join("; ");
  }
  return detail ? String(detail) : `the server answered ${status}`;
}

async function submitBrief(event) {
  event.preventDefault();
  const pasted = pastedArticles();
  if (pasted.length === 0 && droppedFiles.length === 0) {
    setStatus("Paste at least one article or drop a file.", true);
    return;
  }
  const words = Number(document.getElementById("words").value);
  const summarizer = document.getElementById("summarizer").value;
  submitButton.disabled = true;
  setStatus("Writing the brief…");
  try {
    const response = await fetch("/v1/briefs", {
      method: "POST",
      ...requestFor(pasted, words, summarizer),
    });
    const payload = await response.json().catch(() => null);
    if (!response.ok) {
      setStatus(`Error: ${errorMessage(response.status, payload)}`, true);
      return;
    }
    showBrief(payload);
    setStatus(`Brief of ${payload.words} words from ${payload.articles.length} sources.`);
  } catch (error) {
    setStatus(`Error: could not reach the server (${error.message}).`, true);
  } finally {
    submitButton.disabled = false;
  }
}

function setStatus(text, isError = false) {
  statusLine.textContent = text;
  statusLine.classList.toggle("error", isError);
}

// --- the result -------------------------------------------------------------------------

function showBrief(brief) {
  const numbers = new Map(brief.articles.map((a) => [a.id, a.number]));
  showSources(brief);

  const paragraph = document.getElementById("brief");
  paragraph.replaceChildren();
  brief.sentences.forEach((sentence, i) => {
    if (i > 0) paragraph.append(" ");
    paragraph.append(el("span", "sentence", sentence.text), markers(sentence.evidence, numbers));
  });
  if (brief.sentences.length === 0) {
    paragraph.append(el("span", "none", "No sentence could be presented; see the sources' flags."));
  }

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
    item.append(el("span", null, c.text), markers(c.evidence, numbers));
    return item;
  };
  fillList(document.getElementById("consensus"), comparison.consensus, claim, "None found.");
  fillList(document.getElementById("single-source"), comparison.single_source, claim, "None found.");
  fillList(document.getElementById("differences"), comparison.differences, (d) => {
    const item = el("li");
    item.append(el("span", "about", d.slot));
    d.values.forEach((v, i) => {
      if (i > 0) item.append(" · ");
      item.append(el("span", "value", v.value), markers(v.evidence, numbers));
    });
    return item;
  }, "None found.");
  fillList(document.getElementById("timeline"), comparison.timeline, (e) => {
    const item = el("li");
    const date = e.certain ? e.date : `${e.date} (inferred)`;
    item.append(el("span", "about", date), el("span", null, e.text), markers(e.evidence, numbers));
    return item;
  }, "None found.");
  fillList(document.getElementById("comparison-notes"), comparison.notes,
    (note) => el("li", null, note), null);

  document.getElementById("result").hidden = false;
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
      const button = el("button", "cite", `[${n}]`);
      button.type = "button";
      button.dataset.article = e.article_id;
      button.dataset.start = e.start;
      button.dataset.end = e.end;
      button.setAttribute("aria-label", `Source ${n}: show the supporting sentence`);
      button.addEventListener("mouseenter", () => highlight(button, false));
      button.addEventListener("focus", () => highlight(button, false));
      button.addEventListener("click", () => highlight(button, true));
      group.append(button);
    });
  return group;
}

function showSources(brief) {
  const list = document.getElementById("sources");
  list.replaceChildren();
  sourceTexts = new Map();
  const removed = new Map();
  brief.removed.forEach((r) => removed.set(r.article_id, (removed.get(r.article_id) || 0) + 1));
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
    const text = el("div", "source-text", article.text);
    item.append(head, el("div", "source-meta", meta.join(" · ")), text);
    list.append(item);
    // Offsets count code points (Python's str), not UTF-16 units: index an array of them.
    sourceTexts.set(article.id, { element: text, chars: Array.from(article.text) });
  });
  const skipped = brief.skipped.map((s) => `Not used: ${s.input} (${s.reason})`);
  skipped.forEach((line) => list.append(el("li", "source", line)));
  document.getElementById("sources-empty").hidden = true;
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
  if (scroll) mark.scrollIntoView({ block: "center", behavior: "auto" });
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

function showCheck(result) {
  const numbers = new Map(result.articles.map((a) => [a.id, a.number]));
  showSources(result);
  const list = document.getElementById("checked");
  list.replaceChildren();
  result.sentences.forEach((s) => {
    const item = el("li", `checked-sentence verdict-${s.verdict}`);
    const badge = el("span", "verdict", s.verdict);
    badge.title = VERDICT_HELP[s.verdict] || s.verdict;
    item.append(badge, el("span", "sentence", s.text), markers(s.evidence, numbers));
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

addArticleBox();
addArticleBox();
loadSummarizers();
