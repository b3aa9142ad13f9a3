// A round's progress: a click anywhere on a division's row drills down (the table is
// swapped by htmx every 10 s, so the click is delegated from the document).
document.addEventListener('click', function (event) {
	var row = event.target.closest('#progress-table tr.drill');
	if (!row || event.target.closest('a')) {
		return;
	}
	var link = row.querySelector('a');
	if (link) {
		window.location.href = link.href;
	}
});
