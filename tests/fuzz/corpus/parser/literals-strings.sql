SELECT 'it''s', E'\n\t\x41\101\u00e9\U0001F600', $$dollar's$$, $tag$ $$ $tag$, U&'d\0061t\+000061', U&'d!0061' UESCAPE '!', B'1010', X'1F', N'nat', 'a'
'b';
