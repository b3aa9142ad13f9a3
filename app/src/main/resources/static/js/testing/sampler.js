// The sampler's phone page: one focused field takes a hand-held scanner's input (the
// scanner types the text and Enter) or the camera's reading; the first scan opens a
// tube, the following ones add persons (a health code's QR text or an ID number) until
// the tube is full or closed by hand. In box mode the first scan opens a transport box
// and the following ones pack closed tubes. Every answer is the server's: nothing is
// counted here that the server did not confirm.
(function () {
	var root = document.getElementById('sampler');
	if (!root) {
		return;
	}
	var t = root.dataset;
	var base = t.base;
	var field = document.getElementById('scan');
	var label = document.getElementById('scan-label');
	var csrfToken = document.querySelector('meta[name="_csrf"]');
	var csrfHeader = document.querySelector('meta[name="_csrf_header"]');
	var ID_NUMBER = /^\d{17}[\dXx]$/;
	var state = { mode: 'tubes', tube: null, box: null, busy: false };

	function el(id) {
		return document.getElementById(id);
	}

	function focus() {
		// a phone's keyboard would cover the page after every scan: keep the focus
		// without scrolling
		field.focus({ preventScroll: true });
	}

	function setLabel() {
		if (state.mode === 'box') {
			label.textContent = state.box && !state.box.sealed ? t.tScanPack : t.tScanBox;
		} else {
			label.textContent = state.tube && state.tube.open ? t.tScanPerson : t.tScanTube;
		}
	}

	function show(kind, title, text) {
		var box = el('message');
		box.classList.remove('hidden', 's-ok', 's-error');
		box.classList.add(kind === 'error' ? 's-error' : 's-ok');
		el('message-title').textContent = title || '';
		el('message-text').textContent = text || '';
		if (kind === 'error') {
			signal([220, 120, 220], 220, 0.5);
		} else {
			signal([60], 880, 0.12);
		}
	}

	// a short beep (and a vibration where the phone has one): high for a scan taken,
	// low and long for a refusal
	var audio = null;
	function signal(pattern, frequency, seconds) {
		if (navigator.vibrate) {
			try {
				navigator.vibrate(pattern);
			} catch (e) {
				// no vibration
			}
		}
		try {
			audio = audio || new (window.AudioContext || window.webkitAudioContext)();
			var osc = audio.createOscillator();
			var gain = audio.createGain();
			osc.type = frequency < 400 ? 'square' : 'sine';
			osc.frequency.value = frequency;
			gain.gain.value = 0.15;
			osc.connect(gain);
			gain.connect(audio.destination);
			osc.start();
			osc.stop(audio.currentTime + seconds);
		} catch (e) {
			// no sound
		}
	}

	function post(path, body) {
		var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
		if (csrfToken && csrfHeader) {
			headers[csrfHeader.content] = csrfToken.content;
		}
		return fetch(base + path, {
			method: 'POST',
			credentials: 'same-origin',
			headers: headers,
			body: body === undefined ? '{}' : JSON.stringify(body)
		}).then(function (response) {
			return response.text().then(function (text) {
				var json = null;
				try {
					json = text ? JSON.parse(text) : null;
				} catch (e) {
					json = null;
				}
				if (!response.ok) {
					throw { status: response.status, problem: json };
				}
				return json;
			});
		});
	}

	// the refusal in words: a title for its kind, the server's reason naming the field
	function refused(error) {
		if (!error || error.status === undefined) {
			show('error', t.tNetwork, '');
			return;
		}
		var p = error.problem || {};
		var first = (p.errors && p.errors.length) ? p.errors[0] : null;
		var fieldName = first ? first.field : '';
		var reason = first ? first.message : (p.detail || '');
		var title = t.tOther;
		if (error.status === 404) {
			title = t.tNotFound;
		} else if (fieldName === 'code' || fieldName === 'idNumber') {
			title = error.status === 409 ? t.tPerson : t.tScan;
		} else if (fieldName === 'tube' || fieldName === 'box') {
			title = t.tBox;
		} else if (fieldName === 'barcode') {
			title = state.mode === 'box' ? t.tBox : t.tTube;
		}
		show('error', title, reason);
		var box = el('message');
		box.dataset.field = fieldName;
		box.dataset.status = error.status;
	}

	function colourWord(colour) {
		var word = { GREEN: t.tCGreen, YELLOW: t.tCYellow, RED: t.tCRed }[colour];
		return word || colour;
	}

	function renderTube() {
		var tube = state.tube;
		el('tube-panel').classList.toggle('hidden', !tube);
		if (!tube) {
			return;
		}
		el('tube-barcode').textContent = tube.barcode;
		el('fill').textContent = tube.samples + '/' + tube.capacity;
		el('fill-bar').max = tube.capacity;
		el('fill-bar').value = tube.samples;
		el('close-tube').disabled = !tube.open || tube.samples === 0;
		el('tube-panel').dataset.open = tube.open ? 'true' : 'false';
	}

	function addPerson(maskedName, colour) {
		var li = document.createElement('li');
		var name = document.createElement('span');
		name.className = 's-name';
		name.textContent = maskedName;
		var c = document.createElement('span');
		c.className = 's-colour s-' + colour;
		c.textContent = colourWord(colour);
		li.appendChild(name);
		li.appendChild(c);
		el('persons').appendChild(li);
	}

	function openTube(barcode) {
		var site = el('site').value;
		var round = el('round').value;
		if (!site || !round) {
			show('error', t.tChoose, '');
			return Promise.resolve();
		}
		return post('/tubes', {
			barcode: barcode,
			roundId: Number(round),
			siteId: Number(site),
			retest: el('retest').checked
		}).then(function (tube) {
			state.tube = { barcode: tube.barcode, samples: tube.samples, capacity: tube.capacity, open: true };
			el('persons').textContent = '';
			renderTube();
			show('ok', t.tTubeOpened, tube.barcode);
		}, refused);
	}

	function sample(text) {
		var body;
		if (text.indexOf('EGC1:') === 0) {
			body = { code: text };
		} else if (ID_NUMBER.test(text)) {
			body = { idNumber: text.toUpperCase() };
		} else {
			show('error', t.tScan, t.tNotPerson);
			return Promise.resolve();
		}
		var barcode = state.tube.barcode;
		return post('/tubes/' + encodeURIComponent(barcode) + '/samples', body).then(function (added) {
			state.tube.samples = added.samples;
			state.tube.capacity = added.capacity;
			state.tube.open = !added.closed;
			addPerson(added.maskedName, added.colour);
			renderTube();
			if (added.closed) {
				show('ok', t.tTubeFull, added.maskedName + ' · ' + added.samples + '/' + added.capacity);
			} else {
				show('ok', added.maskedName, colourWord(added.colour) + ' · ' + added.samples + '/' + added.capacity);
			}
		}, function (error) {
			// a tube closed elsewhere (or full): the next scan opens a new one
			if (error && error.status === 409 && error.problem && error.problem.errors
					&& error.problem.errors[0].field === 'barcode') {
				state.tube.open = false;
				renderTube();
			}
			refused(error);
		});
	}

	function closeTube() {
		if (!state.tube || !state.tube.open) {
			return;
		}
		post('/tubes/' + encodeURIComponent(state.tube.barcode) + '/closing').then(function (tube) {
			state.tube.open = false;
			state.tube.samples = tube.samples;
			renderTube();
			show('ok', t.tTubeClosed, tube.barcode + ' · ' + tube.samples + '/' + tube.capacity);
		}, refused).then(after);
	}

	function renderBox() {
		var box = state.box;
		el('box-panel').classList.toggle('hidden', !box);
		if (!box) {
			return;
		}
		el('box-barcode').textContent = box.barcode;
		el('box-count').textContent = box.tubes.length;
		var list = el('box-tubes');
		list.textContent = '';
		box.tubes.forEach(function (barcode) {
			var li = document.createElement('li');
			li.textContent = barcode;
			list.appendChild(li);
		});
		el('seal-box').disabled = box.sealed || box.tubes.length === 0;
	}

	function boxScan(text) {
		if (!state.box || state.box.sealed) {
			var site = el('site').value;
			if (!site) {
				show('error', t.tChoose, '');
				return Promise.resolve();
			}
			return post('/boxes', { barcode: text, siteId: Number(site) }).then(function (box) {
				state.box = { barcode: box.barcode, tubes: box.tubeBarcodes || [], sealed: false };
				renderBox();
				show('ok', t.tBoxOpened, box.barcode);
			}, refused);
		}
		return post('/boxes/' + encodeURIComponent(state.box.barcode) + '/tubes', { tube: text }).then(function (box) {
			state.box.tubes = box.tubeBarcodes || [];
			renderBox();
			show('ok', t.tPacked, text + ' → ' + box.barcode);
		}, refused);
	}

	function sealBox() {
		if (!state.box || state.box.sealed) {
			return;
		}
		post('/boxes/' + encodeURIComponent(state.box.barcode) + '/sealing').then(function (box) {
			state.box.sealed = true;
			renderBox();
			show('ok', t.tBoxSealed, box.barcode + ' · ' + box.tubes);
		}, refused).then(after);
	}

	function after() {
		state.busy = false;
		setLabel();
		focus();
	}

	// one handler for the scanner field and the camera
	function handle(raw) {
		var text = (raw || '').trim();
		if (!text || state.busy) {
			return;
		}
		state.busy = true;
		var done;
		if (state.mode === 'box') {
			done = boxScan(text);
		} else if (!state.tube || !state.tube.open) {
			// a person scanned where a tube's barcode is due: never a tube named after them
			done = (text.indexOf('EGC1:') === 0 || ID_NUMBER.test(text))
				? Promise.resolve(show('error', t.tScan, t.tTubeFirst)) : openTube(text);
		} else {
			done = sample(text);
		}
		done.then(after, after);
	}

	el('scan-form').addEventListener('submit', function (event) {
		event.preventDefault();
		var text = field.value;
		field.value = '';
		handle(text);
	});
	el('close-tube').addEventListener('click', closeTube);
	el('seal-box').addEventListener('click', sealBox);
	function mode(m) {
		state.mode = m;
		el('mode-tubes').classList.toggle('active', m === 'tubes');
		el('mode-box').classList.toggle('active', m === 'box');
		el('tube-panel').classList.toggle('hidden', m !== 'tubes' || !state.tube);
		el('box-panel').classList.toggle('hidden', m !== 'box' || !state.box);
		setLabel();
		focus();
	}
	el('mode-tubes').addEventListener('click', function () {
		mode('tubes');
	});
	el('mode-box').addEventListener('click', function () {
		mode('box');
	});
	// a changed site, round or retest toggle applies to the next tube
	['site', 'round', 'retest'].forEach(function (id) {
		el(id).addEventListener('change', focus);
	});

	// the camera: a QR code or a barcode read feeds the same handler; the same reading
	// is taken once until another one comes
	var camera = null;
	var last = null;
	var lastAt = 0;
	el('camera').addEventListener('click', function () {
		var button = el('camera');
		var reader = el('reader');
		if (camera) {
			camera.stop().then(function () {
				camera = null;
				reader.classList.add('hidden');
				button.textContent = t.tCamera;
				focus();
			});
			return;
		}
		if (typeof Html5Qrcode === 'undefined') {
			show('error', t.tCameraFailed, '');
			return;
		}
		reader.classList.remove('hidden');
		camera = new Html5Qrcode('reader');
		camera.start({ facingMode: 'environment' }, { fps: 10, qrbox: { width: 250, height: 250 } }, function (text) {
			var now = Date.now();
			if (text === last && now - lastAt < 3000) {
				return;
			}
			last = text;
			lastAt = now;
			handle(text);
		}, function () {
			// nothing readable in this frame
		}).then(function () {
			button.textContent = t.tCameraStop;
			reader.scrollIntoView({ block: 'center' });
		}, function (error) {
			camera = null;
			reader.classList.add('hidden');
			show('error', t.tCameraFailed, String(error));
		});
	});

	setLabel();
	focus();
})();
