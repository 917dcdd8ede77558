// Fieldgate's technicians' page: plain JavaScript, no build step, nothing from the internet.
"use strict";

const state = { session: null, live: null, history: {} };
const $ = (sel, root = document) => root.querySelector(sel);
const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && state.session?.csrf) headers["X-CSRF-Token"] = state.session.csrf;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { error: text }; }
  if (res.status === 401 && !path.startsWith("/api/session") && !path.startsWith("/api/setup")) {
    state.session = null;
    location.hash = "#/login";
  }
  return { ok: res.ok, status: res.status, data };
}

function toast(message) {
  const t = $("#toast");
  t.textContent = message;
  t.classList.add("show");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.remove("show"), 3000);
}

function age(ts) {
  if (!ts) return "–";
  const s = Math.max(0, Math.round((Date.now() - ts) / 1000));
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

function formatValue(v) {
  if (v === null || v === undefined) return "–";
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    const a = Math.abs(v);
    // a wrong word order often gives 1e-38 or 4e+12: show it as such instead of rounding it to 0
    return a !== 0 && (a < 0.001 || a >= 1e9) ? v.toExponential(3) : String(Math.round(v * 1000) / 1000);
  }
  return String(v);
}

async function loadSession() {
  const r = await api("GET", "/api/session");
  state.session = r.data && r.data.signedIn ? r.data : null;
  state.setupNeeded = r.data && r.data.setupNeeded;
  const nav = $("#nav");
  nav.hidden = !state.session;
  nav.querySelectorAll("[data-role=admin]").forEach((a) => (a.hidden = state.session?.role !== "admin"));
  $("#who").innerHTML = state.session
    ? `${esc(state.session.name)} · ${esc(state.session.role)} <button class="secondary" id="signout">Sign out</button>` : "";
  if (state.session) $("#signout").onclick = signOut;
}

async function signOut() {
  await api("DELETE", "/api/session");
  state.session = null;
  location.hash = "#/login";
  route();
}

function stopLive() {
  if (state.live) { state.live.close(); state.live = null; }
}

async function route() {
  stopLive();
  await loadSession();
  const [page, arg] = location.hash.replace(/^#\//, "").split("/");
  document.querySelectorAll("#nav a").forEach((a) => a.classList.toggle("active", a.dataset.page === page));
  if (state.setupNeeded) return renderSetup();
  if (!state.session) return renderLogin();
  switch (page) {
    case "adapters": return arg ? renderEditor(decodeURIComponent(arg)) : renderAdapters();
    case "status": return renderStatus();
    case "accounts": return renderAccounts();
    default: return renderLive();
  }
}

// ---- first run and sign-in ----------------------------------------------------------------------------

function renderSetup() {
  $("#main").innerHTML = `<div class="card narrow"><h1>Set up this gateway</h1>
    <p class="muted">No administrator exists yet. The one-time setup code is in the gateway's log
    (<code>one-time setup code: …</code>).</p>
    <form id="f"><label for="code">Setup code</label><input id="code" autocomplete="off" required>
    <label for="name">Administrator name</label><input id="name" value="admin" required>
    <label for="pw">Password (12 characters or more)</label><input id="pw" type="password" autocomplete="new-password" required>
    <label for="pw2">Password again</label><input id="pw2" type="password" autocomplete="new-password" required>
    <div id="err" class="error"></div><p><button id="go">Create administrator</button></p></form></div>`;
  $("#f").onsubmit = async (e) => {
    e.preventDefault();
    if ($("#pw").value !== $("#pw2").value) { $("#err").textContent = "The passwords differ."; return; }
    const r = await api("POST", "/api/setup", { code: $("#code").value, name: $("#name").value, password: $("#pw").value });
    if (!r.ok) { $("#err").textContent = r.data?.error || `Refused (${r.status})`; return; }
    toast("Administrator created");
    location.hash = "#/live";
    route();
  };
}

function renderLogin() {
  $("#main").innerHTML = `<div class="card narrow"><h1>Sign in</h1><form id="f">
    <label for="name">Name</label><input id="name" autocomplete="username" required>
    <label for="pw">Password</label><input id="pw" type="password" autocomplete="current-password" required>
    <div id="err" class="error"></div><p><button id="go">Sign in</button></p></form></div>`;
  $("#f").onsubmit = async (e) => {
    e.preventDefault();
    const r = await api("POST", "/api/session", { name: $("#name").value, password: $("#pw").value });
    if (!r.ok) { $("#err").textContent = r.data?.error || `Refused (${r.status})`; return; }
    location.hash = location.hash && location.hash !== "#/login" ? location.hash : "#/live";
    route();
  };
}

// ---- live values --------------------------------------------------------------------------------------

function sparkline(key) {
  const h = (state.history[key] || []).filter((v) => typeof v === "number");
  if (h.length < 2) return "";
  const min = Math.min(...h), max = Math.max(...h), span = max - min || 1;
  const pts = h.map((v, i) => `${(i / (h.length - 1)) * 88 + 1},${21 - ((v - min) / span) * 20}`).join(" ");
  return `<svg class="spark" viewBox="0 0 90 22"><polyline points="${pts}"/></svg>`;
}

function renderDevices(devices) {
  if (!devices.length) return `<p class="muted">No devices run. Add an adapter under <a href="#/adapters">Adapters</a>.</p>`;
  return `<div class="cards">${devices.map((d) => `<div class="card" data-device="${esc(d.id)}">
    <h2><span class="dot ${d.reachable ? "ok" : ""}"></span>${esc(d.id)} <span class="muted">· ${esc(d.adapter)}</span></h2>
    ${d.lastError ? `<div class="error">${esc(d.lastError)}</div>` : ""}
    <div class="muted stats">${esc(d.stats.polls)} polls · ${esc(d.stats.meanMillis)} ms each${Object.entries(d.stats.errors)
      .map(([k, n]) => ` · ${esc(n)} ${esc(k)}`).join("")}${d.stats.overruns ? ` · ${esc(d.stats.overruns)} overruns` : ""}${d.stats.dropped ? ` · ${esc(d.stats.dropped)} dropped frames` : ""}</div>
    <table><tr><th>Point</th><th>Value</th><th>Quality</th><th>Age</th><th></th></tr>
    ${Object.entries(d.points).map(([name, p]) => `<tr data-point="${esc(name)}"><td>${esc(name)}</td>
      <td class="num">${esc(formatValue(p.value))} ${esc(p.unit)}</td>
      <td><span class="badge ${p.quality === "good" ? "good" : "bad"}" title="${esc(p.detail)}">${esc(p.quality)}</span></td>
      <td>${age(p.ts)}</td><td>${sparkline(d.id + "/" + name)}</td></tr>`).join("")}</table></div>`).join("")}</div>`;
}

function remember(devices) {
  for (const d of devices) {
    for (const [name, p] of Object.entries(d.points)) {
      const key = d.id + "/" + name;
      const h = (state.history[key] ||= []);
      if (h.lastTs !== p.ts) { h.push(p.value); h.lastTs = p.ts; if (h.length > 60) h.shift(); }
    }
  }
}

async function renderLive() {
  $("#main").innerHTML = `<h1>Live values</h1><div id="devices"><p class="muted">Loading…</p></div>`;
  const r = await api("GET", "/api/devices");
  if (r.ok) { remember(r.data); $("#devices").innerHTML = renderDevices(r.data); }
  state.live = new EventSource("/api/devices/live");
  state.live.onmessage = (e) => {
    const devices = JSON.parse(e.data);
    remember(devices);
    const box = $("#devices");
    if (box) box.innerHTML = renderDevices(devices);
  };
}

// ---- adapters -----------------------------------------------------------------------------------------

async function renderAdapters() {
  const r = await api("GET", "/api/adapters");
  const canEdit = state.session.role !== "viewer";
  $("#main").innerHTML = `<div class="row"><h1>Adapters</h1>${canEdit ? `<button class="auto" id="new">New adapter</button>` : ""}</div>
    <div class="card"><table><tr><th>Name</th><th>Kind</th><th>Devices</th><th>State</th><th>Enabled</th></tr>
    ${(r.data || []).map((a) => `<tr><td><a href="#/adapters/${encodeURIComponent(a.name)}">${esc(a.name)}</a></td>
      <td>${esc(a.kind)}</td><td>${esc(a.devices.join(", "))}</td>
      <td>${a.problem ? `<span class="badge bad" title="${esc(a.problem.text)}">rejected</span> <span class="error">${esc(a.problem.text)}</span>`
        : a.running ? `<span class="badge good">running</span>` : `<span class="badge">stopped</span>`}</td>
      <td>${a.problem ? "" : `<input type="checkbox" data-toggle="${esc(a.name)}" ${a.enabled ? "checked" : ""} ${canEdit ? "" : "disabled"} class="fit">`}</td></tr>`).join("")}
    </table></div><div class="card" id="rollout"></div>`;
  renderRollout(canEdit);
  if ($("#new")) $("#new").onclick = () => { location.hash = "#/adapters/" + encodeURIComponent("(new)"); };
  document.querySelectorAll("[data-toggle]").forEach((box) => (box.onchange = async () => {
    const res = await api("POST", `/api/adapters/${box.dataset.toggle}/enabled`, { enabled: box.checked });
    toast(res.ok ? res.data.message : (res.data?.problem?.text || res.data?.error));
    renderAdapters();
  }));
}

// the last adapter rollout by AWS IoT Jobs, and the rollback a failed rollout would do, by hand
async function renderRollout(canEdit) {
  const r = await api("GET", "/api/jobs/rollout");
  const box = $("#rollout");
  if (!box) return;
  const j = r.data?.rollout;
  if (!j) { box.innerHTML = `<h2>Last rollout</h2><p class="muted">No adapter rollout by AWS IoT Jobs yet.</p>`; return; }
  const badge = { SUCCEEDED: "good", RUNNING: "" }[j.state] ?? "bad";
  box.innerHTML = `<h2>Last rollout</h2><table>
    <tr><td>Job</td><td>${esc(j.jobId)}</td></tr>
    <tr><td>Result</td><td><span class="badge ${badge}">${esc(j.state.toLowerCase())}</span> ${esc(j.detail)}</td></tr>
    <tr><td>Started</td><td>${new Date(j.startedAt).toISOString().replace("T", " ").slice(0, 19)} UTC</td></tr></table>
    ${canEdit && j.canRollBack ? `<button id="rollback">Roll back to the files before this rollout</button>` : ""}`;
  if ($("#rollback")) $("#rollback").onclick = async () => {
    if (!confirm("Put back the adapter files this rollout replaced, and restart those adapters?")) return;
    const res = await api("POST", "/api/jobs/rollout/rollback");
    toast(res.ok ? res.data.message : res.data?.error);
    renderAdapters();
  };
}

const TEMPLATES = {
  "modbus-tcp": (f) => `kind: modbus-tcp
connection:
  host: ${f.host || "192.168.1.10"}
  port: ${f.port || 502}
  timeout: ${f.timeout || "1s"}
devices:
  - id: ${f.device || "device-1"}
    unit-id: ${f.unit || 1}
${deviceBody(f)}`,
  "modbus-rtu-over-tcp": (f) => TEMPLATES["modbus-tcp"](f).replace("kind: modbus-tcp", "kind: modbus-rtu-over-tcp"),
  "modbus-rtu": (f) => `kind: modbus-rtu
connection:
  port: ${f.serial || "/dev/ttyUSB0"}
  baud-rate: ${f.baud || 9600}
  parity: ${f.parity || "none"}
  timeout: ${f.timeout || "1s"}
devices:
  - id: ${f.device || "device-1"}
    unit-id: ${f.unit || 1}
${deviceBody(f)}`,
  "serial-sensor": (f) => `kind: serial-sensor
connection:
  port: ${f.serial || "/dev/ttyUSB1"}
  baud-rate: ${f.baud || 9600}
  parity: ${f.parity || "none"}
${sensorBody(f)}`,
  "mqtt": (f) => `kind: mqtt
connection:
  topic: ${f.topic || "plant/area/device-1/status"}
${sensorBody(f)}`,
};

function sensorBody(f) {
  const parser = f.parser === "regex" ? `{type: regex, pattern: '${(f.pattern || "T=(?<t>[-0-9.]+)").replace(/'/g, "''")}'}`
    : `{type: ${f.parser || "key-value"}}`;
  const rows = (f.spoints || []).filter((p) => p.name && p.field);
  return `device:\n  id: ${f.device || "sensor-1"}\n  parser: ${parser}\n  points:\n${(rows.length ? rows : [{ name: "value-1", field: "T" }])
    .map((p) => `    - {name: ${p.name}, field: ${JSON.stringify(p.field)}${p.scale && p.scale !== "1" ? `, scale: ${p.scale}` : ""}`
      + `${p.unit ? `, unit: "${p.unit}"` : ""}}`).join("\n")}\n`;
}

function deviceBody(f) {
  if (f.profile) return `    profile: ${f.profile}\n`;
  const rows = (f.points || []).filter((p) => p.name);
  if (!rows.length) return `    points:\n      - {name: value-1, register-type: holding-register, address: 0, data-type: uint16}\n`;
  return `    points:\n${rows.map((p) => `      - {name: ${p.name}, register-type: ${p.table}, address: ${p.address || 0}, data-type: ${p.type}`
    + `${p.order && p.order !== "ABCD" ? `, byte-order: ${p.order[0] === "A" || p.order[0] === "C" ? "big" : "little"}, word-order: ${p.order === "CDAB" || p.order === "DCBA" ? "little" : "big"}` : ""}`
    + `${p.scale && p.scale !== "1" ? `, scale: ${p.scale}` : ""}${p.unit ? `, unit: "${p.unit}"` : ""}${p.interval ? `, interval: ${p.interval}` : ""}}`).join("\n")}\n`;
}

async function renderEditor(name) {
  const isNew = name === "(new)";
  const profiles = (await api("GET", "/api/profiles")).data || [];
  const ports = (await api("GET", "/api/serial-ports")).data || [];
  let yaml = "";
  if (!isNew) {
    const r = await api("GET", `/api/adapters/${encodeURIComponent(name)}`);
    if (!r.ok) { $("#main").innerHTML = `<div class="problem">${esc(r.data?.error)}</div>`; return; }
    yaml = r.data.yaml;
  }
  const readOnly = state.session.role === "viewer";
  $("#main").innerHTML = `<div class="row"><h1>${isNew ? "New adapter" : "Adapter " + esc(name)}</h1>
    ${!isNew && !readOnly ? `<button class="danger auto" id="delete">Delete</button>` : ""}</div>
    <div class="split"><div>
    <div class="card">
      <div class="row"><div><label for="name">File name (without .yaml)</label><input id="name" value="${isNew ? "" : esc(name)}" ${isNew ? "" : "disabled"} placeholder="line3-meters"></div></div>
      <div class="tabs"><button id="tab-form" class="${isNew ? "active" : ""}">Form</button><button id="tab-yaml" class="${isNew ? "" : "active"}">YAML</button></div>
      <div id="form" ${isNew ? "" : "hidden"}>
        <div class="row"><div><label for="kind">Kind</label><select id="kind">${Object.keys(TEMPLATES).map((k) => `<option>${k}</option>`).join("")}</select></div></div>
        <div id="tcp" class="row"><div data-key="connection.host"><label for="host">Host</label><input id="host" placeholder="192.168.1.10"></div>
          <div data-key="connection.port"><label for="port">Port</label><input id="port" type="number" value="502"></div>
          <div data-key="connection.timeout"><label for="timeout">Timeout</label><input id="timeout" value="1s"></div></div>
        <div id="serial" class="row" hidden><div data-key="connection.port"><label for="serialport">Serial port</label>
          <input id="serialport" list="ports" placeholder="/dev/ttyUSB0"><datalist id="ports">${ports.map((p) => `<option value="${esc(p.path || p.systemPortPath || p.name)}">`).join("")}</datalist></div>
          <div><label for="baud">Baud rate</label><input id="baud" type="number" value="9600"></div>
          <div><label for="parity">Parity</label><select id="parity"><option>none</option><option>even</option><option>odd</option></select></div></div>
        <div id="mqtt" class="row" hidden><div data-key="connection.topic"><label for="topic">Topic on the plant broker (+ and # allowed)</label><input id="topic" placeholder="plant/hall-2/boiler-3/status"></div></div>
        <div class="row"><div data-key="device"><label for="device">Device id</label><input id="device" value="device-1"></div>
          <div class="modbus-only"><label for="unit">Unit id</label><input id="unit" type="number" value="1"></div>
          <div class="modbus-only"><label for="profile">Profile</label><select id="profile"><option value="">(points below)</option>${profiles.map((p) => `<option>${esc(p)}</option>`).join("")}</select></div>
          <div class="sensor-only" data-key="device.parser"><label for="parser">Parser</label><select id="parser"><option>key-value</option><option>regex</option><option>nmea</option><option>json</option></select></div>
          <div class="sensor-only" data-key="device.parser.pattern"><label for="pattern">Pattern (regex, named groups)</label><input id="pattern" placeholder="T=(?&lt;t&gt;[-0-9.]+)"></div></div>
        <table id="points" class="modbus-only"><tr><th>Point</th><th>Register type</th><th>Address</th><th>Data type</th><th>Order</th><th>Scale</th><th>Unit</th><th>Interval</th></tr></table>
        <table id="spoints" class="sensor-only"><tr><th>Point</th><th>Field (key, group, NMEA field or JSON pointer)</th><th>Scale</th><th>Unit</th></tr></table>
        <p><button class="secondary" id="addpoint">Add point</button> <button class="secondary" id="toyaml">Write YAML</button></p>
      </div>
      <div id="yamlbox" ${isNew ? "hidden" : ""}><label for="yaml">YAML (what the gateway loads)</label>
        <textarea id="yaml" spellcheck="false" ${readOnly ? "readonly" : ""}>${esc(yaml)}</textarea></div>
      <div id="feedback"></div>
      ${readOnly ? "" : `<p class="row"><button class="auto" id="save">Save and apply</button><button class="secondary auto" id="check">Check</button></p>`}
    </div></div>
    <div><div class="card"><h2>Test read</h2><p class="muted">Reads the device once with the YAML as it is now, saved or not, and shows
      each value in every byte/word order.</p><div class="row"><div><label for="trdevice">Device id</label><input id="trdevice"></div>
      <button class="auto" id="testread">Read now</button></div><div id="trresult"></div></div></div></div>`;
  const kindChanged = () => {
    const k = $("#kind").value;
    const sensor = k === "serial-sensor" || k === "mqtt";
    $("#tcp").hidden = !(k === "modbus-tcp" || k === "modbus-rtu-over-tcp");
    $("#serial").hidden = !(k === "modbus-rtu" || k === "serial-sensor");
    $("#mqtt").hidden = k !== "mqtt";
    document.querySelectorAll(".modbus-only").forEach((el) => (el.hidden = sensor));
    document.querySelectorAll(".sensor-only").forEach((el) => (el.hidden = !sensor));
  };
  const addSensorPoint = (p = {}) => {
    const tr = document.createElement("tr");
    tr.innerHTML = `<td><input data-s="name" value="${esc(p.name || "")}"></td><td><input data-s="field" value="${esc(p.field || "")}"></td>
      <td><input data-s="scale" value="1"></td><td><input data-s="unit"></td>`;
    $("#spoints").appendChild(tr);
  };
  const addPoint = (p = {}) => {
    const tr = document.createElement("tr");
    tr.innerHTML = `<td><input data-f="name" value="${esc(p.name || "")}"></td>
      <td><select data-f="table">${["holding-register", "input-register", "coil", "discrete-input"].map((t) => `<option>${t}</option>`).join("")}</select></td>
      <td><input data-f="address" type="number" value="${esc(p.address ?? 0)}"></td>
      <td><select data-f="type">${["uint16", "int16", "uint32", "int32", "float32", "float64", "int64", "bool", "string"].map((t) => `<option>${t}</option>`).join("")}</select></td>
      <td><select data-f="order">${["ABCD", "CDAB", "BADC", "DCBA"].map((t) => `<option>${t}</option>`).join("")}</select></td>
      <td><input data-f="scale" value="1"></td><td><input data-f="unit"></td><td><input data-f="interval" placeholder="1s"></td>`;
    $("#points").appendChild(tr);
  };
  const formValues = () => ({
    host: $("#host").value, port: $("#port").value, timeout: $("#timeout").value, serial: $("#serialport").value,
    baud: $("#baud").value, parity: $("#parity").value, device: $("#device").value, unit: $("#unit").value,
    profile: $("#profile").value, topic: $("#topic").value, parser: $("#parser").value, pattern: $("#pattern").value,
    spoints: [...document.querySelectorAll("#spoints tr")].slice(1).map((tr) => Object.fromEntries(
      [...tr.querySelectorAll("[data-s]")].map((i) => [i.dataset.s, i.value]))),
    points: [...document.querySelectorAll("#points tr")].slice(1).map((tr) => Object.fromEntries(
      [...tr.querySelectorAll("[data-f]")].map((i) => [i.dataset.f, i.value]))),
  });
  const toYaml = () => { $("#yaml").value = TEMPLATES[$("#kind").value](formValues()); };
  const showTab = (form) => {
    if (!form) toYaml();
    $("#form").hidden = !form; $("#yamlbox").hidden = form;
    $("#tab-form").classList.toggle("active", form); $("#tab-yaml").classList.toggle("active", !form);
  };
  $("#kind").onchange = kindChanged;
  $("#tab-form").onclick = () => showTab(true);
  $("#tab-yaml").onclick = () => showTab(false);
  $("#addpoint").onclick = (e) => {
    e.preventDefault();
    if ($("#spoints").hidden) addPoint(); else addSensorPoint();
  };
  $("#toyaml").onclick = (e) => { e.preventDefault(); showTab(false); };
  addPoint({ name: "value-1" });
  addSensorPoint({ name: "value-1", field: "T" });
  kindChanged();
  const currentYaml = () => { if (!$("#form").hidden) toYaml(); return $("#yaml").value; };
  const currentName = () => $("#name").value.trim();
  const showProblem = (p) => {
    document.querySelectorAll(".field-error").forEach((el) => el.classList.remove("field-error"));
    document.querySelectorAll("[data-key] .error").forEach((el) => el.remove());
    if (!p) return;
    const field = [...document.querySelectorAll("[data-key]")].find((el) => p.key && p.key.startsWith(el.dataset.key));
    if (field && !$("#form").hidden) {
      field.classList.add("field-error");
      field.insertAdjacentHTML("beforeend", `<div class="error">${esc(p.message)}</div>`);
    }
    $("#feedback").innerHTML = `<div class="problem">${p.line ? `Line ${p.line}` : ""}${p.key ? ` · <code>${esc(p.key)}</code>` : ""}: ${esc(p.message)}</div>`;
  };
  const firstDevice = () => (currentYaml().match(/^\s*(?:-\s*)?id:\s*([A-Za-z0-9_:-]+)/m) || [])[1] || "";
  $("#trdevice").value = firstDevice();
  if ($("#save")) {
    $("#check").onclick = async () => {
      const r = await api("POST", `/api/adapters/${encodeURIComponent(currentName() || "unnamed")}/check`, { yaml: currentYaml() });
      if (r.ok) { showProblem(null); $("#feedback").innerHTML = `<div class="ok-box">Valid: the gateway would load it.</div>`; }
      else if (r.data?.problem) showProblem(r.data.problem);
      else $("#feedback").innerHTML = `<div class="problem">${esc(r.data?.error)}</div>`;
    };
    $("#save").onclick = async () => {
      if (!currentName()) { $("#feedback").innerHTML = `<div class="problem">Give the file a name.</div>`; return; }
      const r = await api("PUT", `/api/adapters/${encodeURIComponent(currentName())}`, { yaml: currentYaml() });
      if (r.ok) { showProblem(null); toast(r.data.message); location.hash = "#/adapters/" + encodeURIComponent(currentName()); route(); }
      else if (r.data?.problem) showProblem(r.data.problem);
      else $("#feedback").innerHTML = `<div class="problem">${esc(r.data?.error)}</div>`;
    };
  }
  if ($("#delete")) $("#delete").onclick = async () => {
    if (!confirm(`Delete adapter ${name}? Its devices stop being read.`)) return;
    const r = await api("DELETE", `/api/adapters/${encodeURIComponent(name)}`);
    toast(r.ok ? r.data.message : r.data?.error);
    location.hash = "#/adapters";
  };
  $("#testread").onclick = async () => {
    $("#trresult").innerHTML = `<p class="muted">Reading…</p>`;
    const r = await api("POST", "/api/adapters/test-read", { yaml: currentYaml(), device: $("#trdevice").value || firstDevice() });
    if (!r.ok) {
      if (r.data?.problem) showProblem(r.data.problem);
      $("#trresult").innerHTML = `<div class="problem">${esc(r.data?.error || r.data?.problem?.message)}</div>`;
      return;
    }
    const orders = ["ABCD", "CDAB", "BADC", "DCBA"];
    $("#trresult").innerHTML = `<table class="testread"><tr><th>Point</th><th>Raw</th><th>Value</th>${orders.map((o) => `<th>${o}</th>`).join("")}</tr>
      ${r.data.points.map((p) => `<tr><td>${esc(p.point)}<br><span class="muted">${esc(p.table)} ${p.address}</span></td>
        <td><code>${esc(p.raw ?? "")}</code></td><td class="num">${p.error ? `<span class="error">${esc(p.error)}</span>` : esc(formatValue(p.value))}</td>
        ${orders.map((o) => { const v = p.byOrder?.[o]; return `<td class="num ${v !== undefined && formatValue(v) === formatValue(p.value) ? "order-match" : ""}">${v === undefined ? "" : esc(formatValue(v))}</td>`; }).join("")}</tr>`).join("")}</table>`;
  };
}

// ---- status -------------------------------------------------------------------------------------------

async function renderStatus() {
  const r = await api("GET", "/api/status");
  const s = r.data || {};
  const u = s.uplink || {}, b = s.buffer || {};
  const cert = u.certificateNotAfter ? new Date(u.certificateNotAfter) : null;
  const days = cert ? Math.floor((cert - Date.now()) / 86400000) : null;
  $("#main").innerHTML = `<div class="row"><h1>Status</h1>${state.session.role !== "viewer" ? `<a class="auto" href="/api/diagnostics"><button>Download diagnostics</button></a>` : ""}</div>
    <div class="cards">
    <div class="card"><h2><span class="dot ${u.connected ? "ok" : ""}"></span>Uplink</h2><table>
      <tr><td>Endpoint</td><td>${esc(u.endpoint)} (MQTT ${esc(u.mqttVersion)})${u.onPrimary === false ? ` <span class="problem">backup</span>` : ""}</td></tr>
      <tr><td>Transport</td><td>${esc(u.transport || "mqtts")} · ${u.proxy && u.proxy !== "direct" ? `through ${esc(u.proxy)}` : "direct"}</td></tr>
      ${u.lastSwitch ? `<tr><td>Last switch</td><td>${age(u.lastSwitch.at)} ago: ${esc(u.lastSwitch.from)} → ${esc(u.lastSwitch.to)} (${esc(u.lastSwitch.reason)})</td></tr>` : ""}
      <tr><td>State</td><td>${u.connected ? "connected" : "disconnected"} since ${age(u.since)} · session ${u.sessionPresent ? "resumed" : "new"}</td></tr>
      <tr><td>Last error</td><td>${esc(u.lastError || "–")}</td></tr>
      <tr><td>Publish rate</td><td>${esc(u.publishRate)} /s of ${esc(u.publishQuota)} /s allowed (${esc(u.profile)}) · ${esc(u.inFlight)} in flight</td></tr>
      <tr><td>Throttled by the broker</td><td>${u.throttled || u.stalls ? `<span class="problem">${esc(u.throttled)} refusal(s) or disconnect(s) for a quota, ${esc(u.stalls)} stall(s)</span>` : "never"}</td></tr>
      <tr><td>Certificate</td><td>${cert ? `valid until ${cert.toISOString().slice(0, 10)} (${days} days)` : "unreadable"}${u.certificateWarning ? ` <span class="problem">${esc(u.certificateWarning)}</span>` : ""}</td></tr>
      ${u.provisioning ? `<tr><td>Provisioning</td><td>${esc(u.provisioning)}</td></tr>` : ""}</table></div>
    <div class="card"><h2><span class="dot ${b.state === "ok" ? "ok" : ""}"></span>Buffer</h2><table>
      <tr><td>State</td><td>${{ok: "accepting", "disk-full": "DISK FULL: new readings refused", unwritable: "CANNOT WRITE"}[b.state] || esc(b.state)}</td></tr>
      <tr><td>Messages waiting</td><td class="num">${esc(b.depth)}</td></tr>
      <tr><td>Oldest</td><td class="num">${esc(b.oldestAgeSeconds)} s</td></tr>
      <tr><td>Disk use</td><td class="num">${Math.round((b.bytes || 0) / 1024)} KiB</td></tr>
      <tr><td>Dropped by the overflow policy</td><td class="num">${esc(b.dropped)}</td></tr>
      <tr><td>Waiting for the disk</td><td class="num">${Math.round((b.intakeBytes || 0) / 1024)} of ${Math.round((b.intakeLimit || 0) / 1024)} KiB</td></tr>
      <tr><td>Polls skipped (overruns)</td><td class="num">${b.overruns ? `<span class="problem">${esc(b.overruns)}</span>` : "0"}</td></tr></table></div>
    <div class="card"><h2>Shadows, commands, tunnels</h2><table>
      <tr><td>Shadows</td><td class="num">${esc(s.shadows)}</td></tr>
      <tr><td>Commands received</td><td class="num">${esc(s.commandsReceived)}</td></tr>
      <tr><td>Commands rejected</td><td class="num">${esc(s.commandsRejected)}</td></tr>
      <tr><td>Open tunnels</td><td class="num">${esc(Object.keys(s.tunnels || {}).length)}</td></tr></table></div>
    <div class="card"><h2>Rejected files</h2>${(s.rejectedFiles || []).length ? s.rejectedFiles.map((f) => `<div class="problem">${esc(f)}</div>`).join("") : `<p class="muted">None.</p>`}</div>
    <div class="card${b.refused ? " wide" : ""}" id="refused"><h2>Refused by the broker</h2>${b.refused ? `<p class="muted">Loading…</p>` : `<p class="muted">None.</p>`}</div>
    </div>`;
  if (b.refused) renderRefused();
}

// Messages the broker refused for good (not authorized, invalid topic) wait here until the cause is fixed.
async function renderRefused() {
  const r = await api("GET", "/api/buffer/refused?max=10");
  const d = r.data || {};
  if (!r.ok) { $("#refused").innerHTML = `<h2>Refused by the broker</h2><div class="problem">${esc(d.error)}</div>`; return; }
  const role = state.session.role;
  $("#refused").innerHTML = `<h2><span class="dot"></span>Refused by the broker</h2>
    <p class="problem">${esc(d.kept)} message(s), ${Math.round((d.bytes || 0) / 1024)} KiB, kept unsent. Fix the cause
      (the broker's policy for the topic, the message size limit), then send them again. The most recent:</p>
    <table><tr><th>Device</th><th>Topic</th><th>Reason</th><th>Refused</th></tr>
    ${(d.messages || []).map((m) => `<tr><td>${esc(m.stream)}</td><td><code>${esc(m.topic)}</code></td><td>${esc(m.reason)}</td><td>${age(m.refusedAt)} ago</td></tr>`).join("")}</table>
    <p>${role !== "viewer" ? `<button id="resend">Send again</button>` : ""}
      ${role === "admin" ? `<button class="danger" id="discard">Discard</button>` : ""}</p>`;
  if ($("#resend")) $("#resend").onclick = async () => {
    const res = await api("POST", "/api/buffer/refused/resend");
    toast(res.ok ? `${res.data.resent} message(s) queued again` : res.data?.error); renderStatus();
  };
  if ($("#discard")) $("#discard").onclick = async () => {
    if (!confirm(`Delete the ${d.kept} refused message(s)? Their readings are lost for good.`)) return;
    const res = await api("DELETE", "/api/buffer/refused");
    toast(res.ok ? `${res.data.discarded} message(s) discarded` : res.data?.error); renderStatus();
  };
}

// ---- accounts -----------------------------------------------------------------------------------------

async function renderAccounts() {
  const r = await api("GET", "/api/accounts");
  $("#main").innerHTML = `<h1>Accounts</h1><div class="split"><div class="card"><table><tr><th>Name</th><th>Role</th><th></th></tr>
    ${(r.data || []).map((a) => `<tr><td>${esc(a.name)}</td><td>${esc(a.role.toLowerCase())}</td>
      <td><button class="danger" data-del="${esc(a.name)}">Delete</button></td></tr>`).join("")}</table></div>
    <div class="card"><h2>Add or change</h2><form id="f"><label for="aname">Name</label><input id="aname" required>
      <label for="arole">Role</label><select id="arole"><option>viewer</option><option selected>technician</option><option>admin</option></select>
      <label for="apw">Password (12 characters or more)</label><input id="apw" type="password" autocomplete="new-password" required>
      <div id="err" class="error"></div><p><button>Save</button></p></form></div></div>`;
  $("#f").onsubmit = async (e) => {
    e.preventDefault();
    const res = await api("PUT", `/api/accounts/${encodeURIComponent($("#aname").value)}`, { role: $("#arole").value, password: $("#apw").value });
    if (!res.ok) { $("#err").textContent = res.data?.error; return; }
    toast("Saved"); renderAccounts();
  };
  document.querySelectorAll("[data-del]").forEach((b) => (b.onclick = async () => {
    const res = await api("DELETE", `/api/accounts/${encodeURIComponent(b.dataset.del)}`);
    toast(res.ok ? "Deleted" : res.data?.error); renderAccounts();
  }));
}

window.addEventListener("hashchange", route);
route();
