SELECT "a""b", U&"\0061", _x$1, ÉtÉ, "日本語" FROM "T";
