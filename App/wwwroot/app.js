// The few things the pages need from the browser that Blazor does not offer (loaded on interactive pages only).
window.dashboard = {
    // Remembered for a year, read by the server on the next page load (so the first paint has the right colours).
    rememberTheme(choice) {
        document.cookie = `theme=${choice}; path=/; max-age=31536000; samesite=lax`;
    },
    // Posts a form of the page (sign-out, whose menu item cannot be a submit button).
    submitForm(id) {
        document.getElementById(id)?.requestSubmit();
    },
};

// The skip link: focus the main content itself (Blazor's router would otherwise treat "#main" as a navigation).
document.addEventListener('click', event => {
    const link = event.target.closest && event.target.closest('a.skip-link');
    if (!link) return;
    event.preventDefault();
    const main = document.getElementById('main-content');
    if (main) { main.focus(); main.scrollIntoView(); }
});
