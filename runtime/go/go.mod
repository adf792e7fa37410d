module ossgen.local/runtime

go 1.22
