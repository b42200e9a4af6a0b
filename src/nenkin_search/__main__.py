from nenkin_search.cli import main

main()
