from paiban.cli import main

raise SystemExit(main())
