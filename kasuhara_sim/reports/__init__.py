"""Everything that turns results into something to read or to send: the result of one run for the terminal, the
Markdown transcript, a trainee's progress, the instructor's workshop report (text, CSV, HTML) and the exports
(CSV, JSON, xAPI). Core code: no Textual. Kept empty so that importing one report loads only what it needs."""
