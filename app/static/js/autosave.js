/* Repère: saves each answer of the questionnaire as it changes.
 *
 * A progressive enhancement: without this script the page works with its "Enregistrer"
 * buttons. Each save names the revision of the answer it was based on; a stale save is
 * refused by the server (409) and both values are shown, for the user to choose. Texts come
 * from data-msg-* attributes of the form (translated by the server). No framework.
 *
 * Only a JSON answer of the save itself, with its status, is a success: a redirect (to the
 * sign-in page), a page of HTML or a body without a status are failures, and the card then
 * says "non enregistré" with the value kept on screen. A lost session (401, or a form token
 * the server no longer knows) asks to sign in again in another tab; the save is sent again
 * once the session is back (on return to the tab, and every few seconds). A refusal that
 * would come again (4xx) is shown and not retried; a failure of the server or the network is
 * retried, less and less often, a few times.
 */
(function () {
  "use strict";

  var form = document.getElementById("questionnaire");
  if (!form || !window.fetch || !window.JSON) {
    return;
  }
  document.documentElement.classList.add("js");

  var DEBOUNCE_MS = 800;
  var RETRY_MS = 5000;
  var MAX_RETRY_MS = 60000;
  var MAX_RETRIES = 5;
  var SESSION_POLL_MS = 5000;
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  var messages = form.dataset;
  var frozen = false;
  var submitting = false;
  var states = new WeakMap();
  var waiting = [];  // cards whose save waits for the session to come back
  var sessionTimer = null;

  function stateOf(card) {
    var state = states.get(card);
    if (!state) {
      state = { timer: null, busy: false, again: false, confirm: false, dirty: false,
        conflict: false, theirs: null, retries: 0 };
      states.set(card, state);
    }
    return state;
  }

  function part(card, suffix) {
    return card.querySelector('[name$="-' + suffix + '"]');
  }

  function parts(card) {
    return {
      radios: card.querySelectorAll('input[type="radio"]'),
      na: card.querySelector('[data-role="na"]'),
      justification: part(card, "justification"),
      comment: part(card, "comment"),
      evidence: part(card, "evidence"),
      revision: card.querySelector('[data-role="revision"]'),
      status: card.querySelector(".save-state"),
      slot: card.querySelector(".conflict-slot")
    };
  }

  function payload(card, confirm) {
    var p = parts(card);
    var level = null;
    Array.prototype.forEach.call(p.radios, function (radio) {
      if (radio.checked) {
        level = parseInt(radio.value, 10);
      }
    });
    return {
      revision: parseInt(p.revision.value || "0", 10),
      level: p.na.checked ? null : level,
      not_applicable: p.na.checked,
      justification: p.justification.value,
      comment: p.comment.value,
      evidence: p.evidence.value.split(/\s+/).filter(Boolean),
      confirm: Boolean(confirm)
    };
  }

  function setStatus(card, text, kind) {
    var status = parts(card).status;
    status.textContent = text;
    status.className = "save-state" + (kind ? " is-" + kind : "");
  }

  function failed(card, reason) {
    stateOf(card).dirty = true;
    setStatus(card, messages.msgError.replace("{e}", reason), "error");
  }

  function retryLater(card, reason) {
    // a failure that may not come again (the server or the network): sent again, less and
    // less often, a few times; the value stays on screen meanwhile
    var state = stateOf(card);
    failed(card, reason);
    if (state.retries >= MAX_RETRIES) {
      return;
    }
    var delay = Math.min(RETRY_MS * Math.pow(2, state.retries), MAX_RETRY_MS);
    state.retries += 1;
    state.timer = setTimeout(function () { save(card); }, delay);
  }

  function sessionLost(card) {
    // not saved: the session has ended (expired, signed out in another tab...)
    var state = stateOf(card);
    var status = parts(card).status;
    state.dirty = true;
    status.textContent = messages.msgSession + " ";
    var link = document.createElement("a");
    link.href = messages.loginUrl;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = messages.msgSignin;
    status.appendChild(link);
    status.className = "save-state is-error is-signed-out";
    if (waiting.indexOf(card) === -1) {
      waiting.push(card);
    }
    if (!sessionTimer) {
      sessionTimer = setInterval(resume, SESSION_POLL_MS);
    }
  }

  function freshToken() {
    // the form token of the session as it is now (a new session has a new one); null while
    // signed out (the page then redirects to the sign-in page)
    return fetch(window.location.href, { credentials: "same-origin" }).then(function (response) {
      if (response.redirected || !response.ok) {
        return null;
      }
      return response.text().then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var found = page.querySelector('meta[name="csrf-token"]');
        return found ? found.getAttribute("content") : null;
      });
    });
  }

  var resuming = false;

  function resume() {
    if (!waiting.length || resuming) {
      return;
    }
    resuming = true;
    freshToken().then(function (fresh) {
      resuming = false;
      if (!fresh) {
        return;  // still signed out: the next attempt comes with the tab's focus or the timer
      }
      token = fresh;
      var cards = waiting;
      waiting = [];
      clearInterval(sessionTimer);
      sessionTimer = null;
      cards.forEach(function (card) { save(card); });
    }).catch(function () { resuming = false; });
  }

  function clearErrors(card) {
    Array.prototype.forEach.call(card.querySelectorAll(".js-error"), function (node) {
      node.parentNode.removeChild(node);
    });
    Array.prototype.forEach.call(card.querySelectorAll("[aria-invalid]"), function (node) {
      node.removeAttribute("aria-invalid");
      node.removeAttribute("aria-describedby");
    });
  }

  function showErrors(card, errors) {
    clearErrors(card);
    Object.keys(errors || {}).forEach(function (name) {
      var target = name === "level" ? card.querySelector("fieldset.scale") : part(card, name);
      if (!target) {
        return;
      }
      var note = document.createElement("p");
      note.className = "error-message js-error";
      note.id = (target.id || card.id + "-" + name) + "-jserror";
      note.textContent = errors[name].join(" ");
      if (name === "level") {
        target.appendChild(note);
      } else {
        target.setAttribute("aria-invalid", "true");
        target.setAttribute("aria-describedby", note.id);
        target.parentNode.insertBefore(note, target.nextSibling);
      }
    });
  }

  function refreshFigures(data) {
    var panel = document.getElementById("score-panel");
    var nav = document.getElementById("q-nav");
    if (panel && data.panel_html) {
      panel.innerHTML = data.panel_html; // rendered and escaped by the server
    }
    if (nav && data.nav_html) {
      nav.innerHTML = data.nav_html;
    }
  }

  function syncNotApplicable(card) {
    var p = parts(card);
    var box = card.querySelector('[data-role="justification"]');
    Array.prototype.forEach.call(p.radios, function (radio) {
      radio.disabled = p.na.checked;
    });
    if (box) {
      box.classList.toggle("is-hidden", !p.na.checked && !p.justification.value.trim());
    }
  }

  function clock() {
    var now = new Date();
    return ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2);
  }

  function dropVendorMark(card) {
    var mark = card.querySelector(".from-vendor");
    if (mark) {
      mark.parentNode.removeChild(mark);
    }
    card.classList.remove("is-from-vendor");
  }

  function handle(card, status, data) {
    var state = stateOf(card);
    var p = parts(card);
    if (status === 200) {
      p.revision.value = String(data.revision);
      clearErrors(card);
      card.classList.remove("has-error");
      if (!data.from_vendor) {
        dropVendorMark(card);
      }
      setStatus(card, data.saved_label || messages.msgSaved.replace("{at}", clock()), "saved");
      refreshFigures(data);
    } else if (status === 409 && data.status === "conflict") {
      state.conflict = true;
      state.theirs = data.theirs;
      p.slot.innerHTML = data.conflict_html; // rendered and escaped by the server
      setStatus(card, data.message || messages.msgConflict, "conflict");
    } else if (status === 409 && data.status === "frozen") {
      frozen = true;
      setStatus(card, messages.msgError.replace("{e}", data.message || messages.msgFrozen), "error");
    } else if (status === 422) {
      state.dirty = true;
      showErrors(card, data.errors);
      var first = Object.keys(data.errors || {}).map(function (k) { return data.errors[k][0]; })[0];
      setStatus(card, messages.msgError.replace("{e}", first || ""), "error");
    } else if (status >= 500) {
      // A server that failed for a moment (a restart, a lost database connection): the
      // answer stays on the screen and is sent again, as when the network fails.
      retryLater(card, messages.msgServer);
    } else {
      // refused (403, 404, 413...): it would be refused again; said, not retried
      failed(card, (data.error && data.error.message) || data.message || ("HTTP " + status));
    }
  }

  function answered(card, response) {
    // Only the save's own JSON answer, with its status, counts: a redirect (to the sign-in
    // page) or a page of HTML is never taken for a success.
    var type = response.headers.get("Content-Type") || "";
    if (response.status === 401 || response.redirected || response.type === "opaqueredirect") {
      sessionLost(card);
      return null;
    }
    if (type.indexOf("application/json") === -1) {
      return response.status >= 400 && response.status < 500
        ? failed(card, "HTTP " + response.status)
        : retryLater(card, messages.msgUnexpected);
    }
    return response.json().then(function (data) {
      if (response.status === 400 && data.error && data.error.code === "csrf") {
        // the session that issued the page's form token has ended (or been replaced): a
        // fresh token is fetched at once, once; then with the timer and the tab's focus
        var state = stateOf(card);
        sessionLost(card);
        if (!state.tokenRefreshed) {
          state.tokenRefreshed = true;
          resume();
        }
      } else if (response.ok && !(data && (data.status === "saved" || data.status === "unchanged"))) {
        retryLater(card, messages.msgUnexpected);
      } else {
        if (response.ok) {
          stateOf(card).retries = 0;
          stateOf(card).tokenRefreshed = false;
        }
        handle(card, response.status, data || {});
      }
    }, function () {
      retryLater(card, messages.msgUnexpected);
    });
  }

  function save(card, confirm) {
    var state = stateOf(card);
    clearTimeout(state.timer);
    if (frozen || state.conflict) {
      return;
    }
    if (state.busy) {
      state.again = true;
      state.confirm = state.confirm || Boolean(confirm);
      return;
    }
    state.busy = true;
    state.dirty = false;
    setStatus(card, messages.msgSaving, "pending");
    var url = form.dataset.saveUrl.replace("__CID__", encodeURIComponent(card.dataset.criterion));
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
        "X-CSRFToken": token },
      body: JSON.stringify(payload(card, confirm))
    }).then(function (response) {
      return answered(card, response);
    }).catch(function () {
      retryLater(card, messages.msgNetwork);
    }).then(function () {
      state.busy = false;
      if (state.again) {
        var again = state.confirm;
        state.again = false;
        state.confirm = false;
        save(card, again);
      }
    });
  }

  function later(card) {
    var state = stateOf(card);
    state.dirty = true;
    state.retries = 0;
    clearTimeout(state.timer);
    state.timer = setTimeout(function () { save(card); }, DEBOUNCE_MS);
  }

  function keepTheirs(card) {
    var state = stateOf(card);
    var theirs = state.theirs || {};
    var p = parts(card);
    Array.prototype.forEach.call(p.radios, function (radio) {
      radio.checked = theirs.level !== null && parseInt(radio.value, 10) === theirs.level;
    });
    p.na.checked = Boolean(theirs.not_applicable);
    p.justification.value = theirs.justification || "";
    p.comment.value = theirs.comment || "";
    p.evidence.value = (theirs.evidence || []).join("\n");
    p.revision.value = String(theirs.revision || 0);
    if (!theirs.from_vendor) {
      dropVendorMark(card);
    }
    syncNotApplicable(card);
    state.conflict = false;
    state.dirty = false;
    p.slot.innerHTML = "";
    setStatus(card, messages.msgTheirs, "saved");
  }

  function keepMine(card, box) {
    var state = stateOf(card);
    parts(card).revision.value = box.getAttribute("data-revision");
    state.conflict = false;
    parts(card).slot.innerHTML = "";
    save(card);
  }

  form.addEventListener("change", function (event) {
    var card = event.target.closest("fieldset.criterion");
    if (!card) {
      return;
    }
    if (event.target.getAttribute("data-role") === "na") {
      syncNotApplicable(card);
    }
    stateOf(card).retries = 0;
    save(card); // a choice is saved at once; a text when the user leaves it
  });

  form.addEventListener("input", function (event) {
    var card = event.target.closest("fieldset.criterion");
    if (card && event.target.tagName === "TEXTAREA") {
      later(card);
    }
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    var card = button && button.closest("fieldset.criterion");
    if (!card) {
      return;
    }
    event.preventDefault();
    var action = button.getAttribute("data-action");
    if (action === "confirm") {
      save(card, true);
    } else if (action === "keep-mine") {
      keepMine(card, button.closest(".conflict"));
    } else if (action === "keep-theirs") {
      keepTheirs(card);
    }
  });

  window.addEventListener("focus", resume);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      resume();
    }
  });

  form.addEventListener("submit", function () {
    submitting = true; // the whole page is posted: nothing to warn about
  });

  window.addEventListener("beforeunload", function (event) {
    if (submitting) {
      return;
    }
    var pending = Array.prototype.some.call(form.querySelectorAll("fieldset.criterion"),
      function (card) {
        var state = states.get(card);
        return state && (state.busy || state.dirty || state.conflict);
      });
    if (pending) {
      event.preventDefault();
      event.returnValue = messages.msgUnsaved;
    }
  });

  Array.prototype.forEach.call(form.querySelectorAll("fieldset.criterion"), syncNotApplicable);
})();
