/* The field app (docs/field.md): the village lives in IndexedDB, every change is
   applied locally at once and queued; the queue is sent when there is a network.
   An item leaves the queue only when the server answered `stored` or `duplicate`. */
"use strict";

(() => {
  const body = document.body;
  const API = body.dataset.api || "/api/v1/";
  const LOGIN_URL = body.dataset.loginUrl || "/login/?next=/field/";
  const SYNC_EVERY_MS = 60 * 1000;
  const BATCH_SIZE = 200;
  const REQUEST_TIMEOUT_MS = 90 * 1000;
  const DEFAULT_MIN_AGE = 15;

  const RELATIONS = [
    ["head", "Chủ hộ"],
    ["spouse", "Vợ/chồng"],
    ["child", "Con"],
    ["parent", "Bố/mẹ"],
    ["grandchild", "Cháu"],
    ["sibling", "Anh/chị/em"],
    ["other", "Khác"],
  ];
  const GENDERS = [
    ["male", "Nam"],
    ["female", "Nữ"],
  ];
  const FILTERS = [
    ["unvisited", "Chưa thăm"],
    ["vneid", "Thiếu VNeID mức 2"],
    ["follow_up", "Cần thăm lại"],
  ];

  const db = new Dexie("cnscd-field");
  db.version(1).stores({
    households: "id, number",
    residents: "id, household",
    queue: "id, seq, status",
    meta: "key",
  });

  const state = {
    unit: null, // the village chosen on the device, for accounts that work in several
    village: null,
    skills: [],
    households: [],
    residents: [],
    lastSync: null,
    pending: 0,
    rejected: [],
    loginNeeded: false,
    notices: [], // announcements to the user, unread first (docs/learning.md), kept for offline
    query: "",
    filter: null,
    // household id → {outcomes: Map(resident id → {skill: outcome}), notes}, kept until saved
    drafts: new Map(),
  };

  // ---------------------------------------------------------------- helpers

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key in node && !key.startsWith("data") && !key.startsWith("aria")) node[key] = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  /** Search key: no diacritics, đ → d, lower case, single spaces. */
  function fold(text) {
    return String(text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  const pad = (n) => String(n).padStart(2, "0");

  function localToday() {
    const now = new Date();
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }

  function showDate(iso) {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return match ? `${match[3]}/${match[2]}/${match[1]}` : "";
  }

  function showDateTime(iso) {
    const when = new Date(iso);
    if (Number.isNaN(when.getTime())) return "";
    return (
      `${pad(when.getDate())}/${pad(when.getMonth() + 1)}/${when.getFullYear()} ` +
      `${pad(when.getHours())}:${pad(when.getMinutes())}`
    );
  }

  function cookie(name) {
    const found = document.cookie.split("; ").find((part) => part.startsWith(name + "="));
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  /** Server ids are numbers; rows created offline carry their queue item's UUID. */
  function parseId(text) {
    const value = decodeURIComponent(text);
    return /^\d+$/.test(value) ? Number(value) : value;
  }

  const isLocal = (id) => typeof id === "string";

  /** Year of "1980" or "05/03/1980"; null when it is neither. */
  function birthYear(text) {
    const value = String(text || "").trim();
    const match = /^(?:(\d{1,2})\/(\d{1,2})\/)?(\d{4})$/.exec(value);
    if (!match) return null;
    const year = Number(match[3]);
    return year >= 1900 && year <= new Date().getFullYear() ? year : null;
  }

  /** Phones are kept masked on the device, like the download sends them. */
  function maskPhone(phone) {
    const digits = String(phone || "").replace(/\D/g, "");
    if (!digits) return "";
    if (digits.length < 7) return "*".repeat(digits.length);
    return digits.slice(0, 3) + "*".repeat(digits.length - 6) + digits.slice(-3);
  }

  const relationLabel = (key) => (RELATIONS.find(([value]) => value === key) || [key, ""])[1];
  const genderLabel = (key) => (GENDERS.find(([value]) => value === key) || [key, ""])[1];

  function minAge(key) {
    const skill = state.skills.find((item) => item.key === key);
    return skill && Number.isFinite(skill.min_age) ? skill.min_age : key === "vneid_l2" ? DEFAULT_MIN_AGE : 0;
  }

  // a resident without a birth year is offered every skill rather than none
  const age = (resident) => (resident.birth_year ? new Date().getFullYear() - resident.birth_year : 100);

  async function getMeta(key) {
    const row = await db.meta.get(key);
    return row ? row.value : null;
  }

  const setMeta = (key, value) => db.meta.put({ key, value });

  let toastTimer = null;
  function toast(message, bad) {
    const node = document.getElementById("toast");
    node.textContent = message;
    node.classList.toggle("bad", Boolean(bad));
    node.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => {
      node.hidden = true;
    }, 3500);
  }

  // ---------------------------------------------------------------- local data

  function residentsOf(householdId) {
    return state.residents
      .filter((resident) => resident.household === householdId && resident.present !== false)
      .sort((a, b) => (a.relation === "head" ? -1 : b.relation === "head" ? 1 : a.birth_year - b.birth_year));
  }

  function headOf(householdId) {
    const people = residentsOf(householdId);
    return people.find((resident) => resident.relation === "head") || people[0] || null;
  }

  async function loadLocal() {
    const [notices, unit, village, skills, lastSync, households, residents, queue] = await Promise.all([
      getMeta("notices"),
      getMeta("unit"),
      getMeta("village"),
      getMeta("skills"),
      getMeta("last_sync"),
      db.households.toArray(),
      db.residents.toArray(),
      db.queue.toArray(),
    ]);
    state.notices = notices || [];
    state.unit = unit;
    state.village = village;
    // labels come as sentence parts ("chữ ký số cá nhân"); here they stand alone
    state.skills = (skills || [])
      .filter((skill) => skill && typeof skill === "object")
      .map((skill) => ({ ...skill, label: String(skill.label || skill.key).replace(/^./, (c) => c.toUpperCase()) }));
    state.lastSync = lastSync;
    state.households = households.sort((a, b) =>
      String(a.number).localeCompare(String(b.number), "vi", { numeric: true })
    );
    for (const resident of residents) resident.folded = fold(resident.full_name);
    state.residents = residents;
    state.pending = queue.filter((item) => item.status === "pending").length;
    state.rejected = queue.filter((item) => item.status === "rejected").sort((a, b) => a.seq - b.seq);
  }

  /** What an item changes on the device, applied when it is recorded and again after a pull. */
  async function applyLocally(item) {
    const payload = item.payload;
    if (item.type === "household.create") {
      if (!(await db.households.get(item.id))) {
        await db.households.put({ id: item.id, number: payload.number, address: payload.address, last_visit: null });
      }
    } else if (item.type === "resident.create") {
      if (!(await db.residents.get(item.id))) {
        await db.residents.put({
          id: item.id,
          household: payload.household,
          full_name: payload.full_name,
          birth_year: birthYear(payload.birth),
          gender: payload.gender,
          relation: payload.relation,
          phone: maskPhone(payload.phone),
          id_number: "",
          present: true,
          skills: {},
          guided: [],
          follow_up: false,
        });
      }
    } else if (item.type === "resident.update") {
      const resident = await db.residents.get(payload.resident);
      if (!resident) return;
      const changes = payload.changes;
      if (changes.moved_out_on || changes.deceased_on) {
        await db.residents.delete(resident.id);
        return;
      }
      if ("full_name" in changes) resident.full_name = changes.full_name;
      if ("birth" in changes) resident.birth_year = birthYear(changes.birth) || resident.birth_year;
      if ("phone" in changes) resident.phone = maskPhone(changes.phone);
      if ("gender" in changes) resident.gender = changes.gender;
      if ("relation" in changes) resident.relation = changes.relation;
      await db.residents.put(resident);
    } else if (item.type === "visit") {
      const household = await db.households.get(payload.household);
      if (household && (!household.last_visit || household.last_visit < payload.visited_on)) {
        household.last_visit = payload.visited_on;
        await db.households.put(household);
      }
      for (const outcome of payload.outcomes) {
        const resident = await db.residents.get(outcome.resident);
        if (!resident) continue;
        resident.skills = resident.skills || {};
        resident.guided = resident.guided || [];
        if (outcome.outcome === "achieved") {
          resident.skills[outcome.skill] = resident.skills[outcome.skill] || payload.visited_on;
          resident.guided = resident.guided.filter((key) => key !== outcome.skill);
          if (!resident.guided.length) resident.follow_up = false;
        } else if (outcome.outcome === "guided" && !resident.skills[outcome.skill]) {
          if (!resident.guided.includes(outcome.skill)) resident.guided.push(outcome.skill);
        }
        await db.residents.put(resident);
      }
    }
  }

  /** Queue a change and apply it on the device, in one transaction: both or neither. */
  async function record(type, payload, id) {
    const item = {
      id: id || crypto.randomUUID(),
      type,
      payload,
      recorded_at: new Date().toISOString(),
      status: "pending",
    };
    await db.transaction("rw", db.queue, db.households, db.residents, async () => {
      const last = await db.queue.orderBy("seq").last();
      item.seq = last ? last.seq + 1 : 1;
      await db.queue.add(item);
      await applyLocally(item);
    });
    await loadLocal();
    renderHeader();
    return item;
  }

  function replaceReference(payload, from, to) {
    const copy = { ...payload };
    if (copy.household === from) copy.household = to;
    if (copy.resident === from) copy.resident = to;
    if (Array.isArray(copy.outcomes)) {
      copy.outcomes = copy.outcomes.map((outcome) =>
        outcome.resident === from ? { ...outcome, resident: to } : outcome
      );
    }
    return copy;
  }

  /** A row created offline takes its server id, so that the next pull updates it
      instead of adding a twin; queued items that name it follow. */
  async function rekey(type, localId, serverId) {
    const table = type === "household.create" ? db.households : db.residents;
    const local = await table.get(localId);
    if (local) {
      const existing = await table.get(serverId);
      await table.delete(localId);
      const merged = { ...local, ...(existing || {}), id: serverId };
      if (type === "household.create") {
        merged.last_visit = [local.last_visit, existing && existing.last_visit].filter(Boolean).sort().pop() || null;
      }
      await table.put(merged);
    }
    if (type === "household.create") {
      await db.residents.where("household").equals(localId).modify({ household: serverId });
    }
    await db.queue.toCollection().modify((item) => {
      item.payload = replaceReference(item.payload, localId, serverId);
    });
    for (const draft of state.drafts.values()) {
      if (draft.outcomes.has(localId)) {
        draft.outcomes.set(serverId, draft.outcomes.get(localId));
        draft.outcomes.delete(localId);
      }
    }
    if (state.drafts.has(localId)) {
      state.drafts.set(serverId, state.drafts.get(localId));
      state.drafts.delete(localId);
    }
    const hash = location.hash;
    const encoded = encodeURIComponent(localId);
    if (hash.includes("/" + encoded)) history.replaceState(null, "", hash.replace("/" + encoded, "/" + serverId));
  }

  // ---------------------------------------------------------------- server

  function setSyncState(value) {
    body.dataset.sync = value;
  }

  function needLogin(value) {
    state.loginNeeded = value;
    renderHeader();
  }

  /** A request that gives up after a while: on a weak signal a hung request would hold
      the queue. A batch whose answer was lost is resent and answered `duplicate`. */
  async function api(path, options) {
    const timeout = AbortSignal.timeout ? { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) } : {};
    return fetch(API + path, {
      credentials: "same-origin",
      ...timeout,
      ...options,
      headers: { Accept: "application/json", ...(options && options.headers) },
    });
  }

  /** First load: the whole village. */
  async function download() {
    setSyncState("running");
    // with a village already on the device, a failed reload keeps it on screen
    const failed = (syncState, render) => {
      setSyncState(syncState);
      if (state.village) {
        state.loginNeeded = syncState === "auth";
        renderHeader();
      } else {
        render();
      }
    };
    const unit = await getMeta("unit");
    let response;
    try {
      response = await api("field/village" + (unit ? "?unit=" + encodeURIComponent(unit) : ""));
    } catch (error) {
      failed("offline", () => renderFirstLoadFailed("Không kết nối được máy chủ. Hãy thử lại khi có mạng."));
      return;
    }
    if (response.status === 401 || response.status === 403) {
      failed("auth", renderLogin);
      return;
    }
    if (!response.ok) {
      const problem = (await readJson(response)) || {};
      if (problem.code === "village_required") {
        failed("choose", renderVillagePicker);
        return;
      }
      const message = problem.message || `Máy chủ báo lỗi (${response.status}). Hãy thử lại sau.`;
      failed("error", () => renderFirstLoadFailed(message));
      return;
    }
    const data = await readJson(response);
    if (!data) {
      failed("error", () => renderFirstLoadFailed("Máy chủ trả lời không đúng. Hãy thử lại sau."));
      return;
    }
    const now = new Date().toISOString();
    await db.transaction("rw", db.households, db.residents, db.meta, db.queue, async () => {
      await db.households.clear();
      await db.residents.clear();
      await db.households.bulkPut(data.households);
      await db.residents.bulkPut(data.residents.filter((resident) => resident.present !== false));
      await setMeta("village", data.village);
      await setMeta("skills", data.skills);
      await setMeta("today", data.today);
      await setMeta("cursor", data.cursor);
      await setMeta("last_sync", now);
      await reapplyPending();
    });
    await loadLocal();
    state.loginNeeded = false;
    setSyncState("done");
    body.dataset.syncedAt = now;
    renderHeader();
    route();
  }

  /** The body as JSON, or null when it is not JSON (a proxy's error page, a cut answer). */
  async function readJson(response) {
    try {
      return await response.json();
    } catch (error) {
      return null;
    }
  }

  async function errorCode(response) {
    const data = await readJson(response);
    return (data && data.code) || "";
  }

  async function reapplyPending() {
    const pending = await db.queue.where("status").equals("pending").sortBy("seq");
    for (const item of pending) await applyLocally(item);
  }

  async function handleResult(result) {
    const item = await db.queue.get(result.id);
    if (!item) return false;
    if (result.status === "stored" || result.status === "duplicate") {
      await db.transaction("rw", db.queue, db.households, db.residents, async () => {
        await db.queue.delete(item.id);
        const object = result.object;
        if (object && object.id !== undefined && object.id !== null && item.type.endsWith(".create")) {
          await rekey(item.type, item.id, object.id);
        }
      });
      return true;
    }
    if (result.status === "rejected") {
      await db.queue.update(item.id, {
        status: "rejected",
        code: result.code || "",
        message: result.message || "",
      });
      return true;
    }
    return false;
  }

  /** Send the queue in order, in batches. Returns "ok", "rejected" (sent, some refused),
      "auth" or "failed". */
  async function push() {
    let refused = false;
    for (;;) {
      const batch = (await db.queue.where("status").equals("pending").sortBy("seq")).slice(0, BATCH_SIZE);
      if (!batch.length) return refused ? "rejected" : "ok";
      let response;
      try {
        response = await api("sync", {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-CSRFToken": cookie("csrftoken") },
          body: JSON.stringify({
            items: batch.map(({ id, type, payload, recorded_at }) => ({ id, type, payload, recorded_at })),
          }),
        });
      } catch (error) {
        return "failed";
      }
      if (response.status === 401 || response.status === 403) return "auth";
      if (!response.ok) return "failed";
      const data = await readJson(response);
      if (!data) return "failed";
      let answered = 0;
      for (const result of data.results || []) {
        if (await handleResult(result)) answered += 1;
        if (result.status === "rejected") refused = true;
      }
      await loadLocal();
      renderHeader();
      // items the server did not answer stay queued; stop rather than send them in a loop
      if (answered < batch.length) return "failed";
    }
  }

  /** Changes by anyone since the cursor, or everything when `full`.
      Returns "ok", "auth", "reload" or "failed". */
  async function pull(full) {
    const cursor = full ? null : await getMeta("cursor");
    const query = new URLSearchParams();
    if (cursor) query.set("since", cursor);
    if (state.village && state.village.code) query.set("unit", state.village.code);
    let response;
    try {
      response = await api("sync?" + query.toString());
    } catch (error) {
      return "failed";
    }
    if (response.status === 401 || response.status === 403) return "auth";
    // a cursor the server no longer accepts: take the whole village again (the queue stays)
    if (response.status === 400 && (await errorCode(response)) === "invalid_cursor") return "reload";
    if (!response.ok) return "failed";
    const data = await readJson(response);
    if (!data) return "failed";
    const now = new Date().toISOString();
    await db.transaction("rw", db.households, db.residents, db.meta, db.queue, async () => {
      for (const household of data.households || []) {
        const existing = await db.households.get(household.id);
        await db.households.put({ ...(existing || {}), ...household });
      }
      for (const resident of data.residents || []) {
        if (resident.present === false) await db.residents.delete(resident.id);
        else await db.residents.put(resident);
      }
      if (data.cursor) await setMeta("cursor", data.cursor);
      await setMeta("last_sync", now);
      // a change recorded while this sync ran must still show
      await reapplyPending();
    });
    body.dataset.syncedAt = now;
    return "ok";
  }

  /** Notices from officers: reads made offline are sent first, then the list is fetched
      again. A notice is never worth failing a sync for, so errors are left for next time. */
  async function refreshNotices() {
    try {
      const unsent = (await getMeta("notices_read")) || [];
      const left = [];
      for (const id of unsent) {
        const response = await api(`learning/announcements/${id}/read`, {
          method: "POST",
          headers: { "X-CSRFToken": cookie("csrftoken") },
        });
        if (!response.ok && response.status !== 404) left.push(id);
      }
      await setMeta("notices_read", left);
      const response = await api("learning/announcements?limit=30");
      const data = response.ok ? await readJson(response) : null;
      if (data && Array.isArray(data.items)) {
        // a read still waiting to be sent stays read on this device
        const items = data.items.map((notice) => (left.includes(notice.id) ? { ...notice, read: true } : notice));
        await setMeta("notices", items);
      }
    } catch (error) {
      console.warn("notices not refreshed", error);
    }
  }

  async function markNoticeRead(notice) {
    if (notice.read) return;
    notice.read = true;
    await setMeta("notices", state.notices);
    const unsent = (await getMeta("notices_read")) || [];
    await setMeta("notices_read", [...unsent.filter((id) => id !== notice.id), notice.id]);
    renderHeader();
    if (navigator.onLine) refreshNotices().then(loadLocal).then(renderHeader);
  }

  let running = null;

  /** Push then pull; one at a time, also across tabs when the browser has Web Locks. */
  function sync(manual) {
    if (running) return running;
    setSyncState("running");
    const work = async () => {
      if (!state.village) return download();
      if (!navigator.onLine) {
        setSyncState("offline");
        if (manual) toast("Đang ngoại tuyến. Các thay đổi sẽ được gửi khi có mạng.", true);
        return;
      }
      setSyncState("running");
      renderHeader();
      let outcome = await push();
      // a refused change was shown on the device already: take the server's rows back
      if (outcome === "ok" || outcome === "rejected") outcome = await pull(outcome === "rejected");
      if (outcome === "reload") return download();
      if (outcome === "ok") await refreshNotices();
      await loadLocal();
      state.loginNeeded = outcome === "auth";
      setSyncState(outcome === "ok" ? "done" : outcome === "auth" ? "auth" : "error");
      renderHeader();
      refreshScreen();
      if (outcome === "ok" && manual) {
        toast(state.rejected.length ? `Đã đồng bộ. ${state.rejected.length} thay đổi không gửi được.` : "Đã đồng bộ", state.rejected.length > 0);
      } else if (outcome === "failed" && manual) {
        toast("Chưa gửi được. Sẽ thử lại sau.", true);
      }
    };
    const locked = navigator.locks ? () => navigator.locks.request("cnscd-field-sync", work) : work;
    running = locked().finally(() => {
      running = null;
      renderHeader();
    });
    return running;
  }

  // ---------------------------------------------------------------- screens

  function renderHeader() {
    document.getElementById("village-name").textContent = state.village ? state.village.name : "Tổ CNSCĐ";
    document.getElementById("pending-count").textContent = String(state.pending);
    document.getElementById("last-sync").textContent = state.lastSync
      ? "Đồng bộ lần cuối: " + showDateTime(state.lastSync)
      : "Chưa đồng bộ";
    document.getElementById("offline-banner").hidden = navigator.onLine;
    document.getElementById("login-needed").hidden = !state.loginNeeded;
    const unread = state.notices.filter((notice) => !notice.read).length;
    document.getElementById("notices-link").hidden = !state.notices.length;
    document.getElementById("notices-count").textContent = unread ? `(${unread} chưa đọc)` : "";
    const button = document.getElementById("sync-now");
    button.disabled = Boolean(running);
    button.textContent = running ? "Đang gửi…" : "Đồng bộ";
  }

  function screen(...children) {
    const main = document.getElementById("screen");
    main.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  }

  function back(href, label) {
    return h("a", { class: "link-back", href, "data-testid": "back" }, "‹ " + label);
  }

  function renderLogin() {
    screen(
      h(
        "section",
        { class: "login" },
        h("h2", { text: "Cần đăng nhập" }),
        h("p", { text: "Hãy đăng nhập để tải danh sách hộ của thôn về máy." }),
        h("a", { class: "button big wide", href: LOGIN_URL, "data-testid": "login-link" }, "Đăng nhập")
      )
    );
  }

  /** Officers and members of several teams work in more than one village: they choose
      the one to keep on the device (the server answered `village_required`). */
  function renderVillagePicker() {
    const choices = h("ul", { class: "rows", "data-testid": "village-choices" });
    let asked = 0;
    const look = async (text) => {
      const ask = ++asked;
      if (!text) {
        choices.replaceChildren(h("li", { class: "muted", text: "Gõ vài chữ của tên thôn, ví dụ “Đông Sơn” hoặc “dong son”." }));
        return;
      }
      const query = new URLSearchParams({ kind: "village", search: text, limit: "30" });
      let data = null;
      try {
        const response = await api("units?" + query.toString());
        if (response.ok) data = await readJson(response);
      } catch (error) {
        data = null;
      }
      if (ask !== asked) return; // a later search already answered
      const units = (data && data.items) || [];
      choices.replaceChildren(
        ...(units.length
          ? units.map((unit) =>
              h(
                "li",
                {},
                h(
                  "button",
                  {
                    type: "button",
                    class: "row wide",
                    "data-testid": "village-" + unit.code,
                    onclick: () => chooseVillage(unit.code),
                  },
                  h("strong", { text: unit.name }),
                  h("span", { class: "muted", text: " " + unit.code })
                )
              )
            )
          : [h("li", { class: "muted", text: data ? "Không thấy thôn nào." : "Chưa tìm được. Hãy thử lại khi có mạng." })])
      );
    };
    let timer = null;
    const search = h("input", {
      type: "search",
      class: "search",
      placeholder: "Tên thôn, tổ dân phố",
      "aria-label": "Tên thôn, tổ dân phố",
      autocomplete: "off",
      "data-testid": "village-search",
      oninput: (event) => {
        clearTimeout(timer);
        timer = setTimeout(() => look(event.target.value.trim()), 250);
      },
    });
    screen(
      h("h2", { text: "Chọn thôn, tổ dân phố" }),
      h("p", { text: "Tài khoản của bạn làm việc ở nhiều thôn. Chọn thôn cần đi hôm nay để tải về máy." }),
      search,
      choices
    );
    look("");
  }

  async function chooseVillage(code) {
    await setMeta("unit", code);
    await download();
  }

  /** Back to the picker; only with nothing waiting to be sent, which belongs to this village. */
  async function changeVillage() {
    if (state.pending) {
      toast(`Còn ${state.pending} thay đổi chưa gửi. Hãy đồng bộ trước khi đổi thôn.`, true);
      return;
    }
    await db.transaction("rw", db.households, db.residents, db.meta, async () => {
      await db.households.clear();
      await db.residents.clear();
      await db.meta.bulkDelete(["village", "unit", "cursor", "last_sync"]);
    });
    await loadLocal();
    state.drafts.clear();
    renderHeader();
    history.replaceState(null, "", "#/");
    renderVillagePicker();
  }

  function renderNotices() {
    const rows = state.notices.map((notice) =>
      h(
        "li",
        {},
        h(
          "a",
          { class: "row" + (notice.read ? "" : " unread"), href: "#/notice/" + notice.id, "data-testid": "notice-" + notice.id },
          h("span", { class: "title" }, notice.read ? "" : h("span", { class: "number", text: "Mới" }), notice.title),
          h("span", { class: "meta" }, h("span", { text: notice.unit_name }), h("span", { text: showDateTime(notice.sent_at) }))
        )
      )
    );
    screen(
      back("#/", "Danh sách hộ"),
      h("h2", { text: "Thông báo" }),
      rows.length ? h("ul", { class: "rows" }, rows) : h("p", { class: "muted", text: "Chưa có thông báo." })
    );
  }

  function renderNotice(id) {
    const notice = state.notices.find((item) => String(item.id) === String(id));
    if (!notice) return renderMissing();
    // the body is HTML cleaned by the server to a small allow-list (docs/learning.md)
    const text = h("div", { class: "notice-body", "data-testid": "notice-body" });
    text.innerHTML = notice.body;
    screen(
      back("#/notices", "Thông báo"),
      h("h2", { text: notice.title }),
      h("p", { class: "muted", text: `${notice.unit_name} · ${showDateTime(notice.sent_at)}` }),
      text
    );
    markNoticeRead(notice);
  }

  function renderFirstLoadFailed(message) {
    screen(
      h(
        "section",
        { class: "login" },
        h("h2", { text: "Chưa tải được dữ liệu" }),
        h("p", { text: message }),
        h("button", { type: "button", class: "big wide", onclick: () => sync(true) }, "Thử lại")
      )
    );
  }

  function matches(household, query) {
    if (!query) return { ok: true, names: [] };
    const names = residentsOf(household.id)
      .filter((resident) => resident.folded.includes(query))
      .map((resident) => resident.full_name);
    const ok = names.length > 0 || fold(household.number).startsWith(query) || fold(household.address).includes(query);
    return { ok, names };
  }

  function passesFilter(household) {
    if (!state.filter) return true;
    if (state.filter === "unvisited") return !household.last_visit;
    const people = residentsOf(household.id);
    if (state.filter === "follow_up") return people.some((resident) => resident.follow_up);
    if (state.filter === "vneid") {
      return people.some(
        (resident) => age(resident) >= minAge("vneid_l2") && !(resident.skills && resident.skills.vneid_l2)
      );
    }
    return true;
  }

  function householdRow(household, names) {
    const head = headOf(household.id);
    const count = residentsOf(household.id).length;
    return h(
      "li",
      null,
      h(
        "a",
        {
          class: "row",
          href: "#/household/" + encodeURIComponent(household.id),
          "data-testid": "household-" + household.number,
        },
        h(
          "span",
          { class: "title" },
          h("span", { class: "number", text: household.number }),
          h("span", { text: head ? head.full_name : "Chưa có người" })
        ),
        household.address ? h("span", { class: "meta" }, household.address) : null,
        h(
          "span",
          { class: "meta" },
          h("span", { text: `${count} người` }),
          household.last_visit
            ? h("span", { text: "Thăm: " + showDate(household.last_visit) })
            : h("span", { class: "tag none", text: "Chưa thăm" }),
          isLocal(household.id) ? h("span", { class: "tag new", text: "Mới, chưa gửi" }) : null
        ),
        names.length ? h("span", { class: "match" }, "Tìm thấy: " + names.join(", ")) : null
      )
    );
  }

  function renderRows() {
    const list = document.getElementById("household-rows");
    const counter = document.getElementById("household-count");
    if (!list) return;
    const query = fold(state.query);
    const rows = [];
    for (const household of state.households) {
      const found = matches(household, query);
      if (found.ok && passesFilter(household)) rows.push(householdRow(household, found.names));
    }
    list.replaceChildren(...rows);
    counter.textContent = `${rows.length} / ${state.households.length} hộ`;
    if (!rows.length) list.append(h("li", { class: "empty", text: "Không có hộ nào phù hợp." }));
  }

  function rejectedPanel() {
    if (!state.rejected.length) return null;
    return h(
      "section",
      { class: "card rejected", "data-testid": "rejected" },
      h("h2", { text: `Không gửi được (${state.rejected.length})` }),
      h(
        "ul",
        null,
        state.rejected.map((item) =>
          h(
            "li",
            { "data-testid": "rejected-item" },
            h("strong", { text: describe(item) + ": " }),
            item.message || item.code,
            h(
              "div",
              { class: "actions" },
              h("button", { type: "button", class: "secondary", onclick: () => retry(item) }, "Gửi lại"),
              h("button", { type: "button", class: "secondary", onclick: () => discard(item) }, "Bỏ thay đổi này")
            )
          )
        )
      )
    );
  }

  function describe(item) {
    const payload = item.payload;
    if (item.type === "household.create") return `Thêm hộ số ${payload.number}`;
    if (item.type === "resident.create") return `Thêm người ${payload.full_name}`;
    if (item.type === "resident.update") return "Sửa thông tin người";
    if (item.type === "visit") return `Lần thăm ngày ${showDate(payload.visited_on)}`;
    return item.type;
  }

  async function retry(item) {
    await db.queue.update(item.id, { status: "pending" });
    await loadLocal();
    renderHeader();
    refreshScreen();
    sync(true);
  }

  async function discard(item) {
    if (!window.confirm("Bỏ thay đổi này? Nó sẽ không được gửi.")) return;
    await db.transaction("rw", db.queue, db.households, db.residents, async () => {
      await db.queue.delete(item.id);
      if (item.type === "household.create") await db.households.delete(item.id);
      if (item.type === "resident.create") await db.residents.delete(item.id);
    });
    await loadLocal();
    renderHeader();
    refreshScreen();
  }

  function renderList() {
    const search = h("input", {
      type: "search",
      class: "search",
      name: "q",
      value: state.query,
      placeholder: "Tìm tên người hoặc số nhà",
      "aria-label": "Tìm tên người hoặc số nhà",
      autocomplete: "off",
      "data-testid": "search",
      oninput: (event) => {
        state.query = event.target.value;
        renderRows();
      },
    });
    const chips = h(
      "div",
      { class: "chips", role: "group", "aria-label": "Lọc" },
      FILTERS.map(([key, label]) =>
        h(
          "button",
          {
            type: "button",
            class: "chip",
            "aria-pressed": String(state.filter === key),
            "data-testid": "filter-" + key,
            onclick: (event) => {
              state.filter = state.filter === key ? null : key;
              for (const chip of event.target.parentNode.children) {
                chip.setAttribute("aria-pressed", String(chip === event.target && state.filter === key));
              }
              renderRows();
            },
          },
          label
        )
      )
    );
    screen(
      h("div", { id: "rejected-slot" }, rejectedPanel()),
      h(
        "div",
        { class: "actions" },
        h("a", { class: "button", href: "#/add-household", "data-testid": "add-household" }, "+ Thêm hộ"),
        state.unit
          ? h("button", { type: "button", class: "secondary", "data-testid": "change-village", onclick: changeVillage }, "Đổi thôn")
          : null
      ),
      search,
      chips,
      h("p", { class: "count", id: "household-count" }),
      h("ul", { class: "rows", id: "household-rows", "data-testid": "households" })
    );
    renderRows();
  }

  function draftFor(householdId) {
    if (!state.drafts.has(householdId)) state.drafts.set(householdId, { outcomes: new Map(), notes: "" });
    return state.drafts.get(householdId);
  }

  function skillRow(resident, skill, draft) {
    const chosen = (draft.outcomes.get(resident.id) || {})[skill.key];
    const toggle = (outcome, label) =>
      h(
        "button",
        {
          type: "button",
          class: "toggle " + outcome,
          "aria-pressed": String(chosen === outcome),
          "data-testid": `skill-${skill.key}-${outcome}`,
          onclick: (event) => {
            const choices = { ...(draft.outcomes.get(resident.id) || {}) };
            if (choices[skill.key] === outcome) delete choices[skill.key];
            else choices[skill.key] = outcome;
            draft.outcomes.set(resident.id, choices);
            for (const button of event.target.parentNode.children) {
              button.setAttribute("aria-pressed", String(button.classList.contains(choices[skill.key])));
            }
          },
        },
        label
      );
    const guided = (resident.guided || []).includes(skill.key);
    return h(
      "div",
      { class: "skill", "data-testid": "skill-" + skill.key },
      h("p", { class: "name" }, skill.label, guided ? h("span", { class: "tag new", text: "Đã hướng dẫn trước" }) : null),
      h("div", { class: "toggles" }, toggle("achieved", "Đã làm được"), toggle("guided", "Đã hướng dẫn"))
    );
  }

  function residentCard(resident, draft) {
    const skills = resident.skills || {};
    const done = state.skills.filter((skill) => skills[skill.key]);
    const missing = state.skills.filter((skill) => !skills[skill.key] && age(resident) >= minAge(skill.key));
    const facts = [
      resident.birth_year ? "sinh " + resident.birth_year : "",
      genderLabel(resident.gender),
      relationLabel(resident.relation),
      resident.phone ? "☎ " + resident.phone : "",
    ].filter(Boolean);
    return h(
      "section",
      { class: "card" + (resident.follow_up ? " follow" : ""), "data-testid": "resident-" + resident.full_name },
      h(
        "div",
        { class: "person-head" },
        h("h3", { text: resident.full_name }),
        h(
          "a",
          {
            class: "button secondary",
            href: "#/resident/" + encodeURIComponent(resident.id) + "/edit",
            "data-testid": "edit-resident",
          },
          "Sửa"
        )
      ),
      h("p", { class: "muted" }, facts.join(" · ")),
      resident.follow_up ? h("p", null, h("span", { class: "tag none", text: "Cần thăm lại" })) : null,
      isLocal(resident.id) ? h("p", null, h("span", { class: "tag new", text: "Mới, chưa gửi" })) : null,
      done.length
        ? h("ul", { class: "done", "aria-label": "Đã làm được" }, done.map((skill) => h("li", { "data-testid": "done-" + skill.key, text: "✓ " + skill.label })))
        : null,
      missing.map((skill) => skillRow(resident, skill, draft))
    );
  }

  function renderHousehold(id) {
    const household = state.households.find((item) => item.id === id);
    if (!household) return renderMissing();
    const draft = draftFor(id);
    const people = residentsOf(id);
    const notes = h("textarea", {
      name: "notes",
      id: "visit-notes",
      rows: 3,
      "data-testid": "notes",
      value: draft.notes,
      oninput: (event) => {
        draft.notes = event.target.value;
      },
    });
    screen(
      back("#/", "Danh sách hộ"),
      h("h2", { "data-testid": "household-title", text: "Hộ số " + household.number }),
      household.address ? h("p", { class: "muted", text: household.address }) : null,
      h(
        "p",
        null,
        household.last_visit ? "Lần thăm gần nhất: " + showDate(household.last_visit) : "Chưa thăm lần nào"
      ),
      people.length
        ? people.map((resident) => residentCard(resident, draft))
        : h("p", { class: "empty", text: "Hộ chưa có người nào." }),
      h(
        "div",
        { class: "actions" },
        h(
          "a",
          {
            class: "button secondary",
            href: "#/household/" + encodeURIComponent(id) + "/add-resident",
            "data-testid": "add-resident",
          },
          "+ Thêm người"
        )
      ),
      h("label", { for: "visit-notes", text: "Ghi chú lần thăm" }),
      notes,
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "big wide",
            "data-testid": "save-visit",
            onclick: (event) => {
              event.target.disabled = true;
              saveVisit(household, draft);
            },
          },
          "Lưu lần thăm"
        )
      )
    );
  }

  async function saveVisit(household, draft) {
    const outcomes = [];
    for (const [resident, choices] of draft.outcomes.entries()) {
      for (const [skill, outcome] of Object.entries(choices)) {
        outcomes.push({ resident, skill, outcome, note: "" });
      }
    }
    await record("visit", {
      household: household.id,
      visited_on: localToday(),
      notes: draft.notes.trim(),
      outcomes,
    });
    state.drafts.delete(household.id);
    location.hash = "#/";
    toast("Đã lưu");
    sync();
  }

  function renderMissing() {
    screen(
      back("#/", "Danh sách hộ"),
      h("p", { class: "empty", text: "Không tìm thấy. Có thể dữ liệu vừa được cập nhật." })
    );
  }

  function field(label, input, hint) {
    return [h("label", { for: input.id, text: label }), input, hint ? h("p", { class: "muted", text: hint }) : null];
  }

  function formError(form, message) {
    let node = form.querySelector(".field-error");
    if (!node) {
      node = h("p", { class: "field-error", role: "alert", "data-testid": "form-error" });
      form.prepend(node);
    }
    node.textContent = message;
    node.scrollIntoView({ block: "center" });
  }

  function renderAddHousehold() {
    const form = h(
      "form",
      { novalidate: true, "data-testid": "household-form" },
      field("Số hộ", h("input", { id: "f-number", name: "number", required: true, inputmode: "numeric", autocomplete: "off" })),
      field("Địa chỉ", h("input", { id: "f-address", name: "address", autocomplete: "off" })),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "big wide", "data-testid": "submit" }, "Lưu hộ"))
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (form.dataset.saving) return;
      const number = form.elements.number.value.trim();
      const address = form.elements.address.value.trim();
      if (!number) return formError(form, "Hãy nhập số hộ.");
      if (state.households.some((household) => fold(household.number) === fold(number))) {
        return formError(form, `Đã có hộ số ${number} trong danh sách.`);
      }
      const payload = { number, address };
      if (state.village && state.village.code) payload.village = state.village.code;
      form.dataset.saving = "1";
      const item = await record("household.create", payload);
      toast("Đã thêm hộ số " + number);
      location.hash = "#/household/" + encodeURIComponent(item.id);
      sync();
    });
    screen(back("#/", "Danh sách hộ"), h("h2", { text: "Thêm hộ" }), form);
    form.elements.number.focus();
  }

  function renderAddResident(householdId) {
    const household = state.households.find((item) => item.id === householdId);
    if (!household) return renderMissing();
    const hasHead = residentsOf(householdId).some((resident) => resident.relation === "head");
    const relation = h(
      "select",
      { id: "f-relation", name: "relation", required: true },
      h("option", { value: "", text: "— Chọn —" }),
      RELATIONS.map(([value, label]) => h("option", { value, text: label, selected: value === "head" && !hasHead }))
    );
    const genders = h(
      "div",
      { class: "choices", role: "radiogroup", "aria-label": "Giới tính" },
      GENDERS.map(([value, label]) =>
        h("label", { class: "check" }, h("input", { type: "radio", name: "gender", value }), label)
      )
    );
    const form = h(
      "form",
      { novalidate: true, "data-testid": "resident-form" },
      field("Họ và tên", h("input", { id: "f-name", name: "full_name", required: true, autocomplete: "off", autocapitalize: "words" })),
      field("Năm sinh", h("input", { id: "f-birth", name: "birth", required: true, inputmode: "numeric", autocomplete: "off", placeholder: "VD: 1980 hoặc 05/03/1980" })),
      h("p", { class: "label", text: "Giới tính" }),
      genders,
      field("Quan hệ với chủ hộ", relation),
      field("Số điện thoại", h("input", { id: "f-phone", name: "phone", type: "tel", inputmode: "tel", autocomplete: "off" }), "Có thể để trống."),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "big wide", "data-testid": "submit" }, "Lưu người"))
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (form.dataset.saving) return;
      const elements = form.elements;
      const fullName = elements.full_name.value.replace(/\s+/g, " ").trim();
      const birth = elements.birth.value.trim();
      const gender = (form.querySelector("input[name=gender]:checked") || { value: "" }).value;
      if (!fullName) return formError(form, "Hãy nhập họ và tên.");
      if (!birthYear(birth)) return formError(form, "Năm sinh chưa đúng. Ghi 4 chữ số, ví dụ 1980.");
      if (!elements.relation.value) return formError(form, "Hãy chọn quan hệ với chủ hộ.");
      if (elements.relation.value === "head" && hasHead) return formError(form, "Hộ này đã có chủ hộ.");
      form.dataset.saving = "1";
      await record("resident.create", {
        household: householdId,
        full_name: fullName,
        birth,
        gender,
        relation: elements.relation.value,
        phone: elements.phone.value.trim(),
      });
      toast("Đã thêm " + fullName);
      location.hash = "#/household/" + encodeURIComponent(householdId);
      sync();
    });
    screen(
      back("#/household/" + encodeURIComponent(householdId), "Hộ số " + household.number),
      h("h2", { text: "Thêm người vào hộ số " + household.number }),
      form
    );
    form.elements.full_name.focus();
  }

  function renderEditResident(residentId) {
    const resident = state.residents.find((item) => item.id === residentId);
    if (!resident) return renderMissing();
    const householdHref = "#/household/" + encodeURIComponent(resident.household);
    const form = h(
      "form",
      { novalidate: true, "data-testid": "edit-form" },
      field("Họ và tên", h("input", { id: "f-name", name: "full_name", value: resident.full_name, required: true, autocomplete: "off" })),
      field("Năm sinh", h("input", { id: "f-birth", name: "birth", value: resident.birth_year ? String(resident.birth_year) : "", inputmode: "numeric", autocomplete: "off" })),
      field(
        "Số điện thoại mới",
        h("input", { id: "f-phone", name: "phone", type: "tel", inputmode: "tel", autocomplete: "off" }),
        resident.phone ? `Để trống nếu không đổi (hiện tại: ${resident.phone}).` : "Để trống nếu không có."
      ),
      resident.phone
        ? h("label", { class: "check" }, h("input", { type: "checkbox", name: "clear_phone", value: "1", "data-testid": "clear-phone" }), "Xóa số điện thoại đang lưu")
        : null,
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "moved_out_on", value: "1", "data-testid": "moved-out" }), "Đã chuyển đi (từ hôm nay)"),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "big wide", "data-testid": "submit" }, "Lưu thay đổi"))
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (form.dataset.saving) return;
      const elements = form.elements;
      const changes = {};
      const fullName = elements.full_name.value.replace(/\s+/g, " ").trim();
      const birth = elements.birth.value.trim();
      const phone = elements.phone.value.trim();
      if (!fullName) return formError(form, "Hãy nhập họ và tên.");
      if (fullName !== resident.full_name) changes.full_name = fullName;
      if (birth !== String(resident.birth_year || "")) {
        if (!birthYear(birth)) return formError(form, "Năm sinh chưa đúng. Ghi 4 chữ số, ví dụ 1980.");
        changes.birth = birth;
      }
      const clearPhone = Boolean(elements.clear_phone && elements.clear_phone.checked);
      if (phone && clearPhone) return formError(form, "Chọn một việc: nhập số mới, hoặc xóa số đang lưu.");
      if (phone) changes.phone = phone;
      if (clearPhone) changes.phone = "";
      if (elements.moved_out_on.checked) changes.moved_out_on = localToday();
      if (!Object.keys(changes).length) {
        toast("Không có gì thay đổi");
        location.hash = householdHref;
        return;
      }
      form.dataset.saving = "1";
      await record("resident.update", { resident: resident.id, changes });
      toast(changes.moved_out_on ? `Đã ghi ${fullName} chuyển đi` : "Đã lưu");
      location.hash = householdHref;
      sync();
    });
    screen(back(householdHref, "Quay lại hộ"), h("h2", { text: "Sửa: " + resident.full_name }), form);
  }

  // hash routes keep the phone's back button working and survive a reload
  const ROUTES = [
    [/^#\/household\/([^/]+)\/add-resident$/, (id) => renderAddResident(parseId(id))],
    [/^#\/household\/([^/]+)$/, (id) => renderHousehold(parseId(id))],
    [/^#\/resident\/([^/]+)\/edit$/, (id) => renderEditResident(parseId(id))],
    [/^#\/add-household$/, () => renderAddHousehold()],
    [/^#\/notices$/, () => renderNotices()],
    [/^#\/notice\/(\d+)$/, (id) => renderNotice(id)],
  ];

  function route() {
    if (!state.village) return;
    for (const [pattern, render] of ROUTES) {
      const match = pattern.exec(location.hash);
      if (match) {
        render(match[1]);
        window.scrollTo(0, 0);
        return;
      }
    }
    renderList();
  }

  /** After a sync, refresh what cannot hold unsaved typing: the list and the household screen. */
  function refreshScreen() {
    if (!state.village) return;
    const hash = location.hash;
    if (hash === "" || hash === "#/" || hash === "#") {
      const slot = document.getElementById("rejected-slot");
      if (!slot) return renderList();
      slot.replaceChildren(rejectedPanel() || "");
      renderRows();
    } else if (/^#\/household\/[^/]+$/.test(hash)) {
      const typing = document.activeElement && /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
      if (typing) return;
      const scroll = window.scrollY;
      route();
      window.scrollTo(0, scroll);
    }
  }

  // ---------------------------------------------------------------- start

  async function start() {
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker
        .register(body.dataset.swUrl || "/field/sw.js", { scope: body.dataset.scope || "/field/" })
        .catch((error) => console.warn("service worker not registered", error));
    }
    document.getElementById("sync-now").addEventListener("click", () => sync(true));
    window.addEventListener("hashchange", route);
    window.addEventListener("online", () => {
      renderHeader();
      sync();
    });
    window.addEventListener("offline", renderHeader);
    setInterval(() => sync(), SYNC_EVERY_MS);

    await loadLocal();
    renderHeader();
    if (state.village) {
      route();
      await sync();
    } else if (navigator.onLine) {
      await download();
    } else {
      renderFirstLoadFailed("Lần đầu mở ứng dụng cần có mạng để tải danh sách hộ.");
    }
  }

  start().catch((error) => {
    console.error(error);
    screen(h("p", { class: "alert", text: "Có lỗi khi mở dữ liệu trên máy: " + error.message }));
  });
})();
