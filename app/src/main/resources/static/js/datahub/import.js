// Live progress of an import over server-sent events, until it ends.
(function () {
	var job = document.getElementById('job');
	if (job.dataset.finished === 'true') {
		return;
	}
	var labels = document.getElementById('state-labels').dataset;
	var source = new EventSource(job.dataset.progress);
	source.addEventListener('progress', function (event) {
		var j = JSON.parse(event.data);
		document.getElementById('rows-read').textContent = j.rowsRead;
		document.getElementById('rows-accepted').textContent = j.rowsAccepted;
		document.getElementById('rows-rejected').textContent = j.rowsRejected;
		document.getElementById('rows-blank').textContent = j.blankRows;
		var state = document.getElementById('state');
		state.textContent = labels[j.state.toLowerCase()] || j.state;
		state.dataset.state = j.state;
		if (j.error) {
			document.getElementById('error').textContent = j.error;
		}
		var bar = document.getElementById('bar');
		if (j.state === 'COMPLETED' || j.state === 'FAILED') {
			bar.value = 1;
			source.close();
			job.dataset.finished = 'true';
			if (j.rowsRejected > 0) {
				document.getElementById('download').classList.remove('hidden');
			}
			if (j.state === 'COMPLETED' && j.rowsAccepted > 0) {
				document.getElementById('records-link').classList.remove('hidden');
			}
		} else {
			bar.removeAttribute('value');
		}
	});
	source.onerror = function () {
		// the browser reconnects by itself; a finished job closes the stream on purpose
		if (job.dataset.finished === 'true') {
			source.close();
		}
	};
})();
