// The offline verifier of /certificado/verificar (issue #19), run in the reader's browser. It
// fetches the trust list once (/api/certificates/trust-list), accepts it only if the CSCA in it has
// the fingerprint the page printed and the list's signature and every signer certificate are the
// CSCA's, keeps it in localStorage, and from then on verifies HC1 texts on the device with no
// network: prefix, Base45 (strict), zlib, COSE_Sign1/CWT, key id, ES256 signature (WebCrypto),
// validity period (within the signer's), key usage, the payload's required fields, revocation
// hashes. Without this script (or without a trust list) the form posts and the server verifies.
// Words come from the page (data-words), so the page's language is the script's.

(() => {
  const root = document.getElementById('verificador');
  const output = document.getElementById('salida');
  const status = document.getElementById('estado-lista');
  if (!root || !output || !status || !window.crypto?.subtle || typeof DecompressionStream !== 'function')
    return;
  const words = JSON.parse(root.dataset.words || '{}');
  const lang = root.dataset.lang === 'en' ? 'en' : 'es';
  const pinned = root.dataset.fingerprint || '';
  // On a server with a simulated clock (a demonstration) the page says its instant: the verifier's
  // clock runs from it, so the demonstration's certificates are inside their period.
  const clockOffsetMs = root.dataset.clock ? Number(root.dataset.clock) - Date.now() : 0;
  const STORE = 'ayni.trustList';
  const STEPS = [
    'prefix',
    'base45',
    'decompression',
    'cose',
    'kid',
    'signature',
    'validity',
    'key_usage',
    'schema',
    'revocation',
  ];
  const VACCINATION_USAGES = ['1.3.6.1.4.1.1847.2021.1.2', '1.3.6.1.4.1.0.1847.2021.1.2'];
  const ALL_DCC_USAGES = [
    '1.3.6.1.4.1.1847.2021.1.1',
    '1.3.6.1.4.1.0.1847.2021.1.1',
    '1.3.6.1.4.1.1847.2021.1.2',
    '1.3.6.1.4.1.0.1847.2021.1.2',
    '1.3.6.1.4.1.1847.2021.1.3',
    '1.3.6.1.4.1.0.1847.2021.1.3',
  ];
  const fill = (template, ...values) => values.reduce((t, v, i) => t.replace(`{${i}}`, v), template);
  const utf8 = new TextEncoder();

  class Failed extends Error {
    constructor(step) {
      super(step);
      this.step = step;
    }
  }
  const check = (ok, step) => {
    if (!ok) throw new Failed(step);
  };

  // ---- bytes --------------------------------------------------------------------------------
  const b64ToBytes = (text) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
  const bytesToB64 = (bytes) => btoa(String.fromCharCode(...bytes));
  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };

  // Strict Base45 (RFC 9285): a dangling single character or a group over its range is refused.
  const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  function base45(text) {
    check(text.length % 3 !== 1, 'base45');
    const out = [];
    for (let i = 0; i < text.length; i += 3) {
      const width = Math.min(3, text.length - i);
      let n = 0;
      for (let k = width - 1; k >= 0; k--) {
        const v = ALPHABET.indexOf(text[i + k]);
        check(v >= 0, 'base45');
        n = n * 45 + v;
      }
      if (width === 3) {
        check(n <= 0xffff, 'base45');
        out.push(n >> 8, n & 0xff);
      } else {
        check(n <= 0xff, 'base45');
        out.push(n);
      }
    }
    return new Uint8Array(out);
  }

  async function inflate(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    const out = new Uint8Array(await new Response(stream).arrayBuffer());
    check(out.length <= 64 * 1024, 'decompression');
    return out;
  }

  // ---- CBOR (RFC 8949), what a DCC uses: integers, byte and text strings, arrays, maps, tags,
  // floats and simple values; definite lengths only, nothing after the item.
  function cbor(bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    /** Advances past `n` bytes and returns where they start. */
    const take = (n) => {
      if (at + n > bytes.length) throw new Error('short');
      const from = at;
      at += n;
      return from;
    };
    const length = (info) => {
      if (info < 24) return info;
      if (info === 24) return bytes[take(1)];
      if (info === 25) return view.getUint16(take(2));
      if (info === 26) return view.getUint32(take(4));
      if (info === 27) return Number(view.getBigUint64(take(8)));
      throw new Error('indefinite');
    };
    const item = () => {
      const first = bytes[take(1)];
      const major = first >> 5;
      const info = first & 31;
      if (major === 7) {
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22 || info === 23) return null;
        if (info === 25) return half(view.getUint16(take(2)));
        if (info === 26) return view.getFloat32(take(4));
        if (info === 27) return view.getFloat64(take(8));
        throw new Error('simple');
      }
      const n = length(info);
      switch (major) {
        case 0:
          return n;
        case 1:
          return -1 - n;
        case 2: {
          const from = take(n);
          return bytes.subarray(from, from + n);
        }
        case 3: {
          const from = take(n);
          return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(from, from + n));
        }
        case 4:
          return Array.from({ length: n }, item);
        case 5: {
          const map = new Map();
          for (let i = 0; i < n; i++) {
            const key = item();
            map.set(key, item());
          }
          return map;
        }
        default:
          return { tag: n, value: item() };
      }
    };
    const value = item();
    if (at !== bytes.length) throw new Error('trailing');
    return value;
  }
  function half(h) {
    const exp = (h >> 10) & 31;
    const frac = h & 1023;
    const sign = h & 0x8000 ? -1 : 1;
    if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
    if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    return sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  const cborHead = (major, n) =>
    n < 24 ? [(major << 5) | n] : n < 256 ? [(major << 5) | 24, n] : [(major << 5) | 25, n >> 8, n & 0xff];
  const cborBytes = (b) => concat(new Uint8Array(cborHead(2, b.length)), b);
  const toJson = (v) => {
    if (v instanceof Map) return Object.fromEntries(Array.from(v, ([k, x]) => [String(k), toJson(x)]));
    if (Array.isArray(v)) return v.map(toJson);
    return v;
  };

  // ---- X.509 (DER), just what is needed: the signed part, the signature, the validity, the key
  // and the extended key usages.
  function der(bytes, at = 0) {
    const tag = bytes[at];
    let len = bytes[at + 1];
    let head = 2;
    if (len & 0x80) {
      const count = len & 0x7f;
      len = 0;
      for (let i = 0; i < count; i++) len = len * 256 + bytes[at + 2 + i];
      head += count;
    }
    return { tag, start: at, body: at + head, end: at + head + len };
  }
  function children(bytes, node) {
    const out = [];
    for (let at = node.body; at < node.end; ) {
      const child = der(bytes, at);
      out.push(child);
      at = child.end;
    }
    return out;
  }
  function oid(bytes) {
    const parts = [Math.floor(bytes[0] / 40), bytes[0] % 40];
    let n = 0;
    for (let i = 1; i < bytes.length; i++) {
      n = n * 128 + (bytes[i] & 0x7f);
      if (!(bytes[i] & 0x80)) {
        parts.push(n);
        n = 0;
      }
    }
    return parts.join('.');
  }
  function time(bytes, node) {
    const s = new TextDecoder().decode(bytes.subarray(node.body, node.end));
    const full = node.tag === 0x17 ? (Number(s.slice(0, 2)) >= 50 ? '19' : '20') + s : s;
    return Date.UTC(
      +full.slice(0, 4),
      +full.slice(4, 6) - 1,
      +full.slice(6, 8),
      +full.slice(8, 10),
      +full.slice(10, 12),
      +full.slice(12, 14),
    );
  }
  function certificate(bytes) {
    const [tbs, , signature] = children(bytes, der(bytes));
    const fields = children(bytes, tbs);
    const i = fields[0].tag === 0xa0 ? 1 : 0;
    const [notBefore, notAfter] = children(bytes, fields[i + 3]);
    const spki = fields[i + 5];
    let usages = null;
    const extensions = fields.find((f) => f.tag === 0xa3);
    if (extensions) {
      for (const ext of children(bytes, children(bytes, extensions)[0])) {
        const parts = children(bytes, ext);
        if (oid(bytes.subarray(parts[0].body, parts[0].end)) !== '2.5.29.37') continue;
        const value = parts[parts.length - 1];
        const seq = der(bytes, value.body);
        usages = children(bytes, seq).map((o) => oid(bytes.subarray(o.body, o.end)));
      }
    }
    return {
      tbs: bytes.subarray(tbs.start, tbs.end),
      // BIT STRING: one byte of unused bits, then the DER ECDSA signature.
      signature: bytes.subarray(signature.body + 1, signature.end),
      spki: bytes.subarray(spki.start, spki.end),
      notBefore: time(bytes, notBefore),
      notAfter: time(bytes, notAfter),
      usages,
    };
  }
  // An ECDSA signature in DER (SEQUENCE of two INTEGERs) as WebCrypto's r‖s (32 bytes each).
  function p1363(sig) {
    const [r, s] = children(sig, der(sig)).map((n) => {
      let v = sig.subarray(n.body, n.end);
      while (v.length > 32 && v[0] === 0) v = v.subarray(1);
      return concat(new Uint8Array(32 - v.length), v);
    });
    return concat(r, s);
  }
  const EC = { name: 'ECDSA', namedCurve: 'P-256' };
  const ES256 = { name: 'ECDSA', hash: 'SHA-256' };
  const importKey = (spki) => crypto.subtle.importKey('spki', spki, EC, false, ['verify']);

  // ---- the trust list -----------------------------------------------------------------------
  async function accept(list) {
    const payload = JSON.parse(list.payload);
    const cscaDer = b64ToBytes(payload.csca);
    const print = hex(await sha256(cscaDer))
      .toUpperCase()
      .match(/../g)
      .join(':');
    if (print !== pinned) throw new Error('pin');
    const csca = certificate(cscaDer);
    const cscaKey = await importKey(csca.spki);
    const ok = await crypto.subtle.verify(
      ES256,
      cscaKey,
      b64ToBytes(list.signature),
      utf8.encode(list.payload),
    );
    if (!ok) throw new Error('signature');
    const signers = new Map();
    for (const s of payload.signers) {
      const bytes = b64ToBytes(s.certificate);
      const cert = certificate(bytes);
      if (!(await crypto.subtle.verify(ES256, cscaKey, p1363(cert.signature), cert.tbs)))
        throw new Error('signer');
      const kid = bytesToB64((await sha256(bytes)).subarray(0, 8));
      if (kid !== s.kid) throw new Error('kid');
      signers.set(kid, { ...cert, key: await importKey(cert.spki), revoked: s.status === 'revoked' });
    }
    const revoked = new Map(payload.revocations.map((r) => [`${r.type}:${r.hash}`, r.revokedOn]));
    return { signers, revoked, issuedAt: payload.issuedAt };
  }

  let trust = null;
  async function loadTrust() {
    if (!pinned) return;
    const day = (iso) => new Date(iso).toLocaleDateString(lang === 'es' ? 'es-BO' : 'en-GB');
    try {
      const res = await fetch(root.dataset.trustList, { cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      const list = await res.json();
      trust = await accept(list);
      localStorage.setItem(STORE, JSON.stringify(list));
      // The service worker's kept copy, given while offline, says so in a header.
      const kept = res.headers.get('x-ayni-kept-copy') === '1';
      status.textContent = fill(kept ? words.trustCached : words.trustLoaded, day(trust.issuedAt));
    } catch {
      try {
        const saved = localStorage.getItem(STORE);
        if (saved) {
          trust = await accept(JSON.parse(saved));
          status.textContent = fill(words.trustCached, day(trust.issuedAt));
          return;
        }
      } catch {}
      trust = null;
      status.textContent = words.trustFailed;
    }
  }

  // ---- verification -------------------------------------------------------------------------
  const hash16 = async (bytes) => bytesToB64((await sha256(bytes)).subarray(0, 16));

  async function verify(text) {
    check(text.startsWith('HC1:') && text.length <= 4300, 'prefix');
    const compressed = base45(text.slice(4));
    let coseBytes;
    try {
      coseBytes = await inflate(compressed);
    } catch (e) {
      if (e instanceof Failed) throw e;
      throw new Failed('decompression');
    }
    let cose;
    let claims;
    try {
      cose = cbor(coseBytes);
      if (cose && cose.tag === 61) cose = cose.value;
      if (cose && cose.tag !== undefined) {
        check(cose.tag === 18, 'cose');
        cose = cose.value;
      }
      check(Array.isArray(cose) && cose.length === 4, 'cose');
      check(
        cose.every((p, i) => (i === 1 ? p instanceof Map : p instanceof Uint8Array)),
        'cose',
      );
      const header = cose[0].length > 0 ? cbor(cose[0]) : new Map();
      check(header instanceof Map, 'cose');
      cose.alg = header.get(1) ?? cose[1].get(1);
      cose.kid = header.has(4) ? header.get(4) : cose[1].get(4);
      check(cose.alg === -7, 'cose');
      claims = cbor(cose[2]);
      check(
        claims instanceof Map && typeof claims.get(4) === 'number' && typeof claims.get(6) === 'number',
        'cose',
      );
      const hcert = claims.get(-260);
      check(hcert instanceof Map && hcert.get(1) instanceof Map, 'cose');
      claims.dcc = toJson(hcert.get(1));
    } catch (e) {
      if (e instanceof Failed) throw e;
      throw new Failed('cose');
    }
    const kid = cose.kid instanceof Uint8Array ? bytesToB64(cose.kid) : '';
    const signer = trust.signers.get(kid);
    check(signer !== undefined && !signer.revoked, 'kid');
    const toBeSigned = concat(
      new Uint8Array([0x84, 0x6a]),
      utf8.encode('Signature1'),
      cborBytes(cose[0]),
      new Uint8Array([0x40]),
      cborBytes(cose[2]),
    );
    check(await crypto.subtle.verify(ES256, signer.key, cose[3], toBeSigned), 'signature');
    const now = (Date.now() + clockOffsetMs) / 1000;
    const iat = claims.get(6);
    const exp = claims.get(4);
    check(iat <= now && now <= exp, 'validity');
    check(iat * 1000 >= signer.notBefore && exp * 1000 <= signer.notAfter, 'validity');
    const dcc = claims.dcc;
    const kind = ['v', 't', 'r'].filter((k) => dcc[k] !== undefined);
    check(kind.length === 1, 'cose');
    const usages = signer.usages?.filter((u) => ALL_DCC_USAGES.includes(u)) ?? null;
    check(
      kind[0] === 'v' && (signer.usages === null || usages.some((u) => VACCINATION_USAGES.includes(u))),
      'key_usage',
    );
    const dose = Array.isArray(dcc.v) && dcc.v.length === 1 ? dcc.v[0] : null;
    check(
      typeof dcc.ver === 'string' && typeof dcc.dob === 'string' && typeof dcc.nam?.fnt === 'string',
      'schema',
    );
    check(
      dose !== null &&
        ['tg', 'vp', 'mp', 'ma', 'dt', 'co', 'is', 'ci'].every((f) => typeof dose[f] === 'string'),
      'schema',
    );
    check(Number.isInteger(dose.dn) && Number.isInteger(dose.sd), 'schema');
    const country = claims.get(1) ?? 'BO';
    const hashes = {
      UCI: await hash16(utf8.encode(dose.ci)),
      COUNTRYCODEUCI: await hash16(utf8.encode(country + dose.ci)),
      SIGNATURE: await hash16(cose[3].subarray(0, cose[3].length / 2)),
    };
    check(!Object.entries(hashes).some(([type, h]) => trust.revoked.has(`${type}:${h}`)), 'revocation');
    return { dcc, dose, exp };
  }

  // ---- the page -----------------------------------------------------------------------------
  const el = (tag, text, attrs = {}) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  const isoDay = (iso) => {
    const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(lang === 'es' ? 'es-BO' : 'en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
  };

  function show(failedStep, result) {
    const section = el('section', undefined, { id: 'resultado', 'aria-labelledby': 'resultado-titulo' });
    const box = el('div', undefined, {
      class: result ? 'nt ok' : 'nt err',
      role: result ? 'status' : 'alert',
    });
    box.append(el('h2', result ? words.validTitle : words.invalidTitle, { id: 'resultado-titulo' }));
    if (!result) box.append(el('p', fill(words.failedAt, words.steps[failedStep])));
    box.append(el('p', words.onDevice));
    section.append(box);
    if (result) {
      const { dcc, dose, exp } = result;
      const dl = el('dl', undefined, { class: 's' });
      const rows = [
        [words.name, [dcc.nam.gn, dcc.nam.fn].filter(Boolean).join(' ')],
        [words.dateOfBirth, isoDay(dcc.dob)],
        [words.dose, fill(words.doseOf, String(dose.dn), String(dose.sd))],
        [words.vaccinatedOn, isoDay(dose.dt)],
        [words.product, dose.mp],
        [words.certificateId, dose.ci],
        [words.validUntil, isoDay(new Date(exp * 1000).toISOString())],
      ];
      for (const [term, value] of rows) {
        const row = el('div');
        row.append(el('dt', term), el('dd', value));
        dl.append(row);
      }
      section.append(dl, el('p', words.compare));
    }
    section.append(el('h3', words.stepsTitle));
    const list = el('ol', undefined, { class: 'pasos' });
    const failedAt = result ? -1 : STEPS.indexOf(failedStep);
    STEPS.forEach((step, i) => {
      const state = failedAt === -1 || i < failedAt ? 'passed' : i === failedAt ? 'failed' : 'not_reached';
      const item = el('li', `${words.steps[step]}: `, { 'data-step': step, 'data-state': state });
      item.append(
        el(
          'strong',
          state === 'passed' ? words.passed : state === 'failed' ? words.failed : words.notReached,
        ),
      );
      list.append(item);
    });
    section.append(list);
    output.replaceChildren(section);
    output.focus?.();
  }

  const form = root.querySelector('form');
  const field = root.querySelector('textarea');
  const picture = root.querySelector('input[type=file]');
  form?.addEventListener('submit', async (event) => {
    // Without a trust list the form goes to the server, as without script; so does an image of
    // the QR code (read on the server: this page has no image decoder).
    if (!trust || !field || (picture?.files?.length ?? 0) > 0) return;
    event.preventDefault();
    const text = field.value.trim();
    // The previous verdict goes at once: it must never stand beside a text it was not given for
    // while this one is checked (the signature check is asynchronous).
    output.replaceChildren();
    try {
      show(null, await verify(text));
    } catch (e) {
      show(e instanceof Failed ? e.step : 'cose', null);
    }
  });
  // The service worker keeps this page, this script and the trust list for offline use.
  const worker = root.dataset.serviceWorker;
  if (worker && 'serviceWorker' in navigator) {
    navigator.serviceWorker
      .register(worker, { scope: root.dataset.serviceWorkerScope })
      .then(() => navigator.serviceWorker.ready)
      .then(() => {
        const note = document.createElement('p');
        note.id = 'sin-conexion';
        note.textContent = words.offlineReady;
        status.after(note);
        root.dataset.offline = 'ready';
      })
      .catch(() => {
        root.dataset.offline = 'unavailable';
      });
  }
  root.dataset.ready = 'loading';
  loadTrust().finally(() => {
    root.dataset.ready = trust ? 'offline' : 'server';
  });
})();
