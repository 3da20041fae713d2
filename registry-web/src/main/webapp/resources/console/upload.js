/*
 * The console's browser upload: plain JS, fetch + Blob.slice. The file goes in chunks of the size
 * the registry answers; each chunk carries its own sha256 when the browser can compute it
 * (crypto.subtle, secure contexts only), the registry hashes the whole file itself. Before sending,
 * the page asks the registry which chunks it already has and sends only the others, so an upload
 * resumes after a dropped connection, a pause or a reload (the upload id is kept in localStorage
 * for that file). Every request carries the session's anti-CSRF token.
 */
(function () {
  "use strict";

  function init() {
    var root = document.getElementById("upload");
    if (!root) { return; }
    var el = function (id) { return document.getElementById(id); };
    var endpoint = root.dataset.endpoint, token = root.dataset.token;
    var state = { running: false, paused: false, upload: null };

    function fmt(text) {
      var args = Array.prototype.slice.call(arguments, 1);
      return text.replace(/\{(\d)\}/g, function (m, i) { return args[i]; });
    }
    function bytes(n) {
      var units = ["B", "KiB", "MiB", "GiB", "TiB"], i = 0;
      while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
      return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
    }
    function status(text) { el("uploadStatus").textContent = text; }
    function error(text) {
      var e = el("uploadError");
      e.textContent = text || "";
      e.hidden = !text;
    }
    function progress(done, total) {
      var pct = total > 0 ? Math.floor(done * 100 / total) : 0;
      var bar = el("uploadProgress");
      bar.setAttribute("aria-valuenow", pct);
      bar.querySelector(".upload-progress-value").style.width = pct + "%";
      bar.querySelector(".upload-progress-label").textContent = pct + "%";
    }
    function busy(running) {
      state.running = running;
      el("uploadStart").disabled = running;
      el("uploadPause").disabled = !running;
      el("uploadCancel").disabled = !running && !state.upload;
      ["uploadCollection", "uploadFile", "uploadContainer", "uploadTag", "uploadArch"].forEach(function (id) {
        el(id).disabled = running;
      });
    }

    /** Calls an endpoint; resolves with the JSON answer, rejects with {status, message}. */
    function call(method, path, body, headers) {
      var h = { "X-Upload-Token": token };
      if (body !== undefined && !(body instanceof Blob)) { h["Content-Type"] = "application/json"; body = JSON.stringify(body); }
      Object.keys(headers || {}).forEach(function (k) { h[k] = headers[k]; });
      return fetch(endpoint + path, { method: method, headers: h, body: body, credentials: "same-origin", cache: "no-store" })
        .then(function (r) {
          return r.text().then(function (text) {
            var json = null;
            try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
            if (r.ok && json) { return json; }
            var message = json && json.error ? json.error.message : ("HTTP " + r.status);
            throw { status: r.status, message: message };
          });
        }, function () { throw { status: 0, message: root.dataset.msgNetwork }; });
    }

    function sha256Hex(blob) {
      if (!(window.crypto && window.crypto.subtle)) { return Promise.resolve(null); }
      return blob.arrayBuffer().then(function (buf) { return crypto.subtle.digest("SHA-256", buf); })
        .then(function (d) {
          return Array.prototype.map.call(new Uint8Array(d), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
        });
    }

    function fileKey(file) { return "sregistry-upload:" + file.name + ":" + file.size + ":" + file.lastModified; }

    function form(file) {
      return { collection: el("uploadCollection").value, container: el("uploadContainer").value.trim(),
        tag: el("uploadTag").value.trim() || "latest", arch: el("uploadArch").value.trim() || "amd64",
        size: file.size, fileName: file.name };
    }

    /** The upload to continue for this file and these settings, or a new one. */
    function open(file) {
      var wanted = form(file), id = localStorage.getItem(fileKey(file));
      var fresh = function () {
        return call("POST", "", wanted).then(function (u) { localStorage.setItem(fileKey(file), u.id); return u; });
      };
      if (!id) { return fresh(); }
      return call("GET", "/" + encodeURIComponent(id)).then(function (u) {
        if (u.collectionId === wanted.collection && u.container === wanted.container && u.tag === wanted.tag
            && u.arch === wanted.arch && u.size === wanted.size) {
          if (u.received.length > 0) { status(fmt(root.dataset.msgResuming, u.received.length, u.totalChunks)); }
          return u;
        }
        return fresh();
      }, function (e) {
        if (e.status === 404) { localStorage.removeItem(fileKey(file)); return fresh(); }
        throw e;
      });
    }

    function lengthOf(u, n) { return n < u.totalChunks ? u.chunkSize : u.size - u.chunkSize * (u.totalChunks - 1); }

    /** Sends every chunk the registry does not have yet, one after the other. */
    function sendMissing(file, u) {
      var have = {};
      u.received.forEach(function (n) { have[n] = true; });
      var done = u.receivedBytes;
      progress(done, u.size);
      var n = 0;
      function next() {
        n++;
        while (n <= u.totalChunks && have[n]) { n++; }
        if (n > u.totalChunks) { return Promise.resolve(u); }
        if (state.paused) { throw { paused: true, done: done, size: u.size }; }
        var start = (n - 1) * u.chunkSize, chunk = file.slice(start, start + lengthOf(u, n));
        status(fmt(root.dataset.msgSending, n, u.totalChunks, bytes(done), bytes(u.size)));
        return sha256Hex(chunk).then(function (sha) {
          var headers = { "Content-Type": "application/octet-stream" };
          if (sha) { headers["X-Chunk-Sha256"] = sha; }
          return call("PUT", "/" + encodeURIComponent(u.id) + "/chunks/" + n, chunk, headers);
        }).then(function (answer) {
          u = answer;
          done = answer.receivedBytes;
          progress(done, u.size);
          return next();
        });
      }
      return next();
    }

    function run(file, attempt) {
      return open(file).then(function (u) {
        state.upload = u;
        return sendMissing(file, u);
      }).then(function (u) {
        status(root.dataset.msgVerifying);
        return call("POST", "/" + encodeURIComponent(u.id) + "/complete", { size: file.size });
      }).then(function (image) {
        localStorage.removeItem(fileKey(file));
        state.upload = null;
        progress(1, 1);
        status("");
        el("uploadDigest").textContent = image.digest;
        el("uploadPull").textContent = "apptainer pull " + image.pull;
        el("uploadResult").hidden = false;
      }, function (e) {
        if (e.status === 0 && attempt < 5) { // the connection dropped: wait, ask what arrived, go on
          var wait = Math.pow(2, attempt);
          status(fmt(root.dataset.msgRetrying, wait));
          return new Promise(function (resolve) { setTimeout(resolve, wait * 1000); })
            .then(function () { return state.paused ? Promise.reject({ paused: true }) : run(file, attempt + 1); });
        }
        throw e;
      });
    }

    el("uploadFile").addEventListener("change", function () {
      var f = el("uploadFile").files[0];
      if (f && !el("uploadContainer").value) {
        el("uploadContainer").value = f.name.replace(/\.sif$/i, "").toLowerCase().replace(/[^a-z0-9._-]+/g, "-")
          .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
      }
    });

    el("uploadStart").addEventListener("click", function () {
      var file = el("uploadFile").files[0];
      error("");
      el("uploadResult").hidden = true;
      if (!file) { error(root.dataset.msgNofile); return; }
      state.paused = false;
      busy(true);
      run(file, 0).catch(function (e) {
        if (e && e.paused) {
          status(fmt(root.dataset.msgPaused, bytes(e.done || 0), bytes(e.size || file.size)));
        } else {
          status("");
          error(e && e.message ? e.message : String(e));
        }
      }).then(function () { busy(false); });
    });

    el("uploadPause").addEventListener("click", function () { state.paused = true; });

    el("uploadCancel").addEventListener("click", function () {
      var u = state.upload, file = el("uploadFile").files[0];
      state.paused = true;
      if (!u) { return; }
      call("DELETE", "/" + encodeURIComponent(u.id)).then(function () {
        if (file) { localStorage.removeItem(fileKey(file)); }
        state.upload = null;
        progress(0, 1);
        status(root.dataset.msgCancelled);
        busy(false);
      }, function (e) { error(e.message); });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
