# Fails when the code breaks its layering (run at every build by the `check_layers` target and by
# ctest `layering`): a file of one layer may include public headers of its own layer and of the
# layers below it, never of a layer above or beside it. Also fails for a source file over 600
# lines whose first 5 lines do not say why (a comment containing "long file:").
#   cmake -DROOT=<source dir> -P cmake/check_layers.cmake
# The order (README, "How the code is laid out"):
#   core < model < mechanics | muscle < compiler < gait < session < io < study < validation < viz < cli
# mechanics and muscle share a rank and may not include each other.
set(ranks core 0 model 1 mechanics 2 muscle 2 compiler 3 gait 4 session 5 io 6 study 7
          validation 8 viz 9 cli 10)
function(rank_of layer out)
  list(FIND ranks ${layer} i)
  if(i EQUAL -1)
    set(${out} -1 PARENT_SCOPE)
  else()
    math(EXPR j "${i} + 1")
    list(GET ranks ${j} r)
    set(${out} ${r} PARENT_SCOPE)
  endif()
endfunction()

cmake_policy(SET CMP0007 NEW)
if(NOT ROOT)
  message(FATAL_ERROR "check_layers: pass -DROOT=<source dir>")
endif()
file(GLOB_RECURSE files RELATIVE ${ROOT}
     ${ROOT}/include/patella/*.hpp ${ROOT}/src/*.cpp ${ROOT}/src/*.hpp
     ${ROOT}/viz/*.cpp ${ROOT}/viz/*.hpp)
set(problems "")
foreach(f ${files})
  # the file's layer: include/patella/<layer>/..., src/<layer>/..., viz/...
  if(f MATCHES "^include/patella/([a-z_]+)/")
    set(layer ${CMAKE_MATCH_1})
  elseif(f MATCHES "^src/([a-z_]+)/")
    set(layer ${CMAKE_MATCH_1})
  elseif(f MATCHES "^viz/")
    set(layer viz)
  else()
    list(APPEND problems "${f}: not in a layer folder")
    continue()
  endif()
  rank_of(${layer} own)
  if(own EQUAL -1)
    list(APPEND problems "${f}: '${layer}' is not a layer (${ranks})")
    continue()
  endif()
  # every include must name a public header as "patella/<layer>/..." or a private one of its own
  # folder by its bare name: <patella/...> and relative paths would slip past the rule
  file(STRINGS ${ROOT}/${f} odd REGEX "^[ \t]*#[ \t]*include[ \t]+(<patella/|\"[^\"]*\\.\\./)")
  foreach(line ${odd})
    list(APPEND problems "${f}: '${line}': include public headers as \"patella/<layer>/...\" and no relative paths")
  endforeach()
  file(STRINGS ${ROOT}/${f} includes REGEX "^[ \t]*#[ \t]*include[ \t]+\"patella/[a-z_]+/")
  foreach(line ${includes})
    string(REGEX MATCH "patella/([a-z_]+)/[^\"]+" header "${line}")
    set(target_layer ${CMAKE_MATCH_1})
    rank_of(${target_layer} theirs)
    if(theirs EQUAL -1)
      list(APPEND problems "${f}: includes ${header} from unknown layer '${target_layer}'")
    elseif(theirs GREATER own OR (theirs EQUAL own AND NOT target_layer STREQUAL layer))
      list(APPEND problems "${f}: layer '${layer}' includes ${header} from layer '${target_layer}', which is not below it")
    endif()
  endforeach()
  # small files: over 600 lines only with a stated reason at the top
  file(READ ${ROOT}/${f} text)
  string(REGEX MATCHALL "\n" newlines "${text}")
  list(LENGTH newlines n)
  if(n GREATER 600)
    string(SUBSTRING "${text}" 0 600 head)
    string(TOLOWER "${head}" head)
    if(NOT head MATCHES "long file:")
      list(APPEND problems "${f}: ${n} lines (over 600) without a 'long file:' reason in its first 5 lines")
    endif()
  endif()
endforeach()
if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "layering check failed:\n  ${text}")
endif()
list(LENGTH files count)
message(STATUS "layering check: ${count} files, every include points down")
