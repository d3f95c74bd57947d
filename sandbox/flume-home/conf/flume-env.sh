# Sourced by bin/flume-ng. The heap, where Java puts its temporary files, and logging through the log4j 1.x
# configuration of this directory (the jars bring slf4j-reload4j); -Dflume.log.dir=… on the command line picks the
# agent's own log directory.
JAVA_OPTS="-Xmx256m -Djava.io.tmpdir=${FLUME_HOME}/data/tmp -Dlog4j.configuration=file:${FLUME_HOME}/conf/log4j.properties"
mkdir -p "${FLUME_HOME}/data/tmp"
