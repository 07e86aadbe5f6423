// The few things the pages need from the browser that Blazor does not offer (loaded on interactive pages only).
window.dashboard = {
    // Remembered for a year, read by the server on the next page load (so the first paint has the right colours).
    rememberTheme(choice) {
        document.cookie = `theme=${choice}; path=/; max-age=31536000; samesite=lax`;
    },
};

// An element with data-submits="<form id>" posts that form when clicked (sign-out, whose menu item cannot be a submit
// button). Handled here, not in the circuit, so it works before the circuit is up and while the menu is being redrawn.
document.addEventListener('click', event => {
    const trigger = event.target.closest && event.target.closest('[data-submits]');
    if (!trigger) return;
    event.preventDefault();
    document.getElementById(trigger.dataset.submits)?.requestSubmit();
});

// The skip link: focus the main content itself (Blazor's router would otherwise treat "#main" as a navigation).
document.addEventListener('click', event => {
    const link = event.target.closest && event.target.closest('a.skip-link');
    if (!link) return;
    event.preventDefault();
    const main = document.getElementById('main-content');
    if (main) { main.focus(); main.scrollIntoView(); }
});

// Focus goes back to what opened a dialog once the last dialog closes (MudBlazor leaves it on the page's body, so a
// keyboard user would start again from the top). The opener is the last element focused outside dialogs and menus:
// for a row menu's item, the menu's button.
(() => {
    let opener = null;
    let dialogOpen = false;
    document.addEventListener('focusin', event => {
        if (!event.target.closest('.mud-dialog-container, .mud-popover')) opener = event.target;
    });
    new MutationObserver(() => {
        const open = document.querySelector('.mud-dialog-container') !== null;
        const closed = dialogOpen && !open;
        dialogOpen = open;
        // Only when nothing else took focus meanwhile (a result the page focused on purpose keeps it).
        if (!closed || (document.activeElement && document.activeElement !== document.body)) return;
        if (opener && opener.isConnected) opener.focus();
        else document.getElementById('main-content')?.focus();
    }).observe(document.body, { childList: true, subtree: true });
})();
