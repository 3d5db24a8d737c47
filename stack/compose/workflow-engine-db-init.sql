-- The workflow engine's database, created when its PostgreSQL volume is first initialised
-- (the engine connects to Database=workflow_engine).
CREATE DATABASE workflow_engine;
